#include "analyzers/code/benchmarks.hpp"

#include "analyzers/code/names.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/repo_scope.hpp"
#include "analyzers/code/unit_cache.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/json.hpp"

#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <set>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

/// Benchmark function -> the functions it calls (normalized qualified names), for one unit.
using Calls = std::map<std::string, std::pair<BenchmarkSite, std::set<std::string>>>;

class BenchmarkJob : public UnitJob, public MatchFinder::MatchCallback {
public:
    BenchmarkJob(const RepoScope& scope, Calls& all, const CandidateUnit& unit,
                 const UnitCache& cache)
        : m_scope(scope), m_all(all), m_unit(unit), m_cache(cache) {}
    void add_matchers(MatchFinder& finder) override {
        auto const state = hasType(references(cxxRecordDecl(hasName("::benchmark::State"))));
        finder.addMatcher(
            functionDecl(isDefinition(), parameterCountIs(1), hasParameter(0, state),
                         forEachDescendant(callExpr(callee(functionDecl().bind("called")))))
                .bind("benchmark"),
            this);
    }
    void run(const MatchFinder::MatchResult& result) override {
        auto const* benchmark = result.Nodes.getNodeAs<clang::FunctionDecl>("benchmark");
        auto const* called = result.Nodes.getNodeAs<clang::FunctionDecl>("called");
        auto const& sources = *result.SourceManager;
        if (!m_scope.owns(benchmark->getLocation(), sources))
            return;
        auto& entry = m_found[benchmark->getNameAsString()];
        if (entry.first.name.empty()) {
            auto const where = m_scope.range(benchmark->getSourceRange(), sources);
            entry.first = {benchmark->getNameAsString(), where.file, where.begin_line, {}};
        }
        entry.second.insert(normalize_name(called->getQualifiedNameAsString()));
    }
    void merge(const std::string&) override {
        nlohmann::json found = nlohmann::json::array();
        for (auto const& [name, entry] : m_found)
            found.push_back({{"site", entry.first}, {"calls", entry.second}});
        m_cache.store(m_unit, {{"found", found}});
        m_all.insert(m_found.begin(), m_found.end());
    }

private:
    const RepoScope& m_scope;
    Calls& m_all;
    const CandidateUnit& m_unit;
    const UnitCache& m_cache;
    Calls m_found;
};

/// The benchmarks of `all` that call `site`'s handler (first) or its callees.
std::vector<BenchmarkSite> benchmarks_of(const CodeSite& site, const Calls& all) {
    std::vector<BenchmarkSite> direct, indirect;
    auto const handler = normalize_name(site.qualified_name);
    for (auto const& [name, entry] : all) {
        if (entry.second.contains(handler)) {
            direct.push_back(entry.first);
            direct.back().calls = site.qualified_name;
            continue;
        }
        for (auto const& callee : site.callees)
            if (entry.second.contains(normalize_name(callee.name))) {
                indirect.push_back(entry.first);
                indirect.back().calls = callee.name;
                break;
            }
    }
    direct.insert(direct.end(), indirect.begin(), indirect.end());
    return direct;
}

} // namespace

void find_benchmarks(const ProjectOptions& options, std::vector<CodeSite>& sites) {
    auto opened = open_compile_database(options);
    if (!opened || sites.empty())
        return;
    auto const root = std::filesystem::canonical(options.repo);
    RepoScope const scope(root, vendored_paths(root, options.vendored));
    auto const units =
        hashed_units(*opened, units_containing(*opened->database, {"benchmark::State"}));
    UnitCache const cache(medic_cache_dir() / "benchmarks", "benchmarks-v1", {});
    Calls all;
    auto const to_parse = cache.split(units, [&all](const nlohmann::json& cached) {
        if (!cached.contains("found"))
            return false;
        for (auto const& entry : cached["found"]) {
            auto site = entry.at("site").get<BenchmarkSite>();
            all[site.name] = {site, entry.at("calls").get<std::set<std::string>>()};
        }
        return true;
    });
    ParallelParse parse{opened->dir, units_of(to_parse), options, [&](const std::string& file) {
                            return std::make_unique<BenchmarkJob>(scope, all, *to_parse.at(file),
                                                                  cache);
                        }};
    parse_in_parallel(parse);
    for (auto& site : sites)
        site.benchmarks = benchmarks_of(site, all);
}

} // namespace medic::code
