#include "analyzers/code/analyze.hpp"

#include "analyzers/code/benchmarks.hpp"
#include "analyzers/code/checks/check.hpp"
#include "analyzers/code/names.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/source_ranges.hpp"
#include "analyzers/code/unit_cache.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <algorithm>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <map>
#include <set>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

/// Lambda identities to look in, and the root they are relative to.
struct LambdaNames {
    std::filesystem::path root;
    std::set<std::string> identities;
};

/// A lambda's call operator whose identity ("lambda at FILE:LINE:COL") is one of `names`.
AST_MATCHER_P(clang::FunctionDecl, isLambdaNamed, std::shared_ptr<const LambdaNames>, names) {
    return !names->identities.empty() && is_lambda_body(Node) &&
           names->identities.contains(
               function_name(Node, Finder->getASTContext().getSourceManager(), names->root));
}

/// What one check pass looks at: the handlers' functions and lambdas, and whose code each is.
struct CheckTargets {
    std::vector<std::string> functions; ///< "::"-qualified, for hasAnyName
    std::set<std::string> lambdas;      ///< lambda identities
    std::map<std::string, std::vector<std::string>> handlers_of;
    std::vector<std::pair<SourceRange, std::string>> lambda_sites;
};

/// Every finding once per handler whose code it is in (handlers can share a function).
void expand_to_owners(std::vector<Finding>& findings,
                      const std::map<std::string, std::vector<std::string>>& handlers_of) {
    std::vector<Finding> expanded;
    for (auto& finding : findings) {
        auto const owners = handlers_of.find(normalize_name(finding.function));
        if (owners == handlers_of.end() || owners->second.size() < 2) {
            expanded.push_back(std::move(finding));
            continue;
        }
        for (auto const& handler : owners->second) {
            expanded.push_back(finding);
            expanded.back().handler = handler;
        }
    }
    findings = std::move(expanded);
}

/// Runs every check on one unit; findings join the shared list when the unit is done.
class CheckJob : public UnitJob {
public:
    CheckJob(const CheckTargets& targets, const std::filesystem::path& root,
             std::vector<Finding>& all, const CandidateUnit& unit, const UnitCache& cache)
        : m_targets(targets), m_all(all), m_unit(unit), m_cache(cache) {
        std::vector<llvm::StringRef> names(targets.functions.begin(), targets.functions.end());
        auto const lambdas =
            std::make_shared<const LambdaNames>(LambdaNames{root, targets.lambdas});
        m_scope = CheckScope{
            functionDecl(isDefinition(), anyOf(hasAnyName(names), isLambdaNamed(lambdas)))
                .bind("function"),
            root, targets.handlers_of, targets.lambda_sites, &m_found};
        m_checks = register_all_checks();
    }
    void add_matchers(MatchFinder& finder) override {
        for (auto& check : m_checks) {
            check->set_scope(m_scope);
            check->register_matchers(finder);
        }
    }
    void merge(const std::string& problem) override {
        expand_to_owners(m_found, m_targets.handlers_of);
        m_cache.store(m_unit, {{"findings", m_found}, {"problem", problem}});
        std::move(m_found.begin(), m_found.end(), std::back_inserter(m_all));
    }

private:
    const CheckTargets& m_targets;
    CheckScope m_scope{functionDecl(), {}, {}, {}, nullptr};
    std::vector<std::unique_ptr<Check>> m_checks;
    std::vector<Finding> m_found;
    std::vector<Finding>& m_all;
    const CandidateUnit& m_unit;
    const UnitCache& m_cache;
};

/// What a unit's findings depend on besides its contents: the functions checked, whose they
/// are, and where the repository is (findings carry repository-relative paths).
std::vector<std::string> check_query(const CheckTargets& targets) {
    std::vector<std::string> query;
    for (auto const& [function, handlers] : targets.handlers_of)
        for (auto const& handler : handlers)
            query.push_back(function + "\x1e" + handler);
    return query;
}

/// The handlers' functions and lambdas and their callees, and whose code each is.
CheckTargets targets_of(const std::vector<CodeSite>& sites) {
    CheckTargets targets;
    auto const own = [&targets](const std::string& function, const std::string& handler) {
        auto& handlers = targets.handlers_of[normalize_name(function)];
        if (std::find(handlers.begin(), handlers.end(), handler) == handlers.end())
            handlers.push_back(handler);
    };
    for (auto const& site : sites) {
        own(site.qualified_name, site.handler);
        if (is_lambda_identity(site.qualified_name)) {
            targets.lambdas.insert(site.qualified_name);
            targets.lambda_sites.emplace_back(site.definition, site.qualified_name);
        }
        for (auto const& callee : site.callees)
            own(callee.name, site.handler);
    }
    for (auto const& [name, handlers] : targets.handlers_of)
        if (!is_lambda_identity(name))
            targets.functions.push_back("::" + name);
    return targets;
}

/// Findings once each (a header is seen by every unit including it), ranked per handler.
void dedupe_and_rank(std::vector<Finding>& findings, const std::vector<CodeSite>& sites) {
    auto const key = [](const Finding& f) {
        return std::tuple(f.handler, f.check, f.range.file, f.range.begin_line,
                          f.range.begin_column);
    };
    std::sort(findings.begin(), findings.end(),
              [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
    findings.erase(
        std::unique(findings.begin(), findings.end(),
                    [&](const Finding& a, const Finding& b) { return key(a) == key(b); }),
        findings.end());
    auto const order = [&sites](const std::string& handler) {
        auto const it = std::find_if(sites.begin(), sites.end(),
                                     [&](const CodeSite& s) { return s.handler == handler; });
        return it - sites.begin();
    };
    std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
        return order(a.handler) != order(b.handler) ? order(a.handler) < order(b.handler)
                                                    : a.weight > b.weight;
    });
}

/// The units that define the handlers and their callees: a function's body is checked where it
/// is defined (a header's functions, through the unit of the function that calls them). A
/// handler defined in a header is looked for in the units that mention it.
std::vector<std::string> units_to_check(const CompileDatabase& opened,
                                        const std::filesystem::path& root,
                                        const std::vector<CodeSite>& sites) {
    auto const& database = *opened.database;
    std::map<std::string, std::string> unit_at; // normalized path -> the database's spelling
    for (auto const& file : database.getAllFiles())
        unit_at.emplace(std::filesystem::path(file).lexically_normal().string(), file);
    std::set<std::string> units;
    std::vector<std::string> in_headers;
    auto const add_definition = [&](const std::string& file) {
        auto const unit = unit_at.find((root / file).lexically_normal().string());
        if (unit != unit_at.end())
            units.insert(unit->second);
        return unit != unit_at.end();
    };
    for (auto const& site : sites) {
        if (!add_definition(site.definition.file))
            in_headers.push_back("::" + normalize_name(site.qualified_name));
        for (auto const& callee : site.callees)
            if (!callee.definition.file.empty())
                add_definition(callee.definition.file);
    }
    for (auto const& unit : files_of(units_mentioning(opened, in_headers)))
        units.insert(unit);
    return {units.begin(), units.end()};
}

} // namespace

std::vector<std::string> all_problems(const AnalyzeResult& result) {
    std::set<std::string> problems(result.report.problems.begin(), result.report.problems.end());
    problems.insert(result.check_problems.begin(), result.check_problems.end());
    return {problems.begin(), problems.end()};
}

Result<AnalyzeResult> analyze_handlers(const ProjectOptions& options,
                                       const std::vector<std::string>& handlers) {
    std::vector<HandlerQuery> queries;
    for (auto const& handler : handlers)
        queries.push_back({handler, {}});
    return analyze_handlers(options, queries);
}

Result<AnalyzeResult> analyze_handlers(const ProjectOptions& options,
                                       const std::vector<HandlerQuery>& queries) {
    MEDIC_TRY(located, locate_handlers(options, queries));
    AnalyzeResult result{located->sites, {}, located->not_found, located->report, {}};
    if (result.sites.empty())
        return result;
    find_benchmarks(options, result.sites);
    MEDIC_TRY(opened, open_compile_database(options));
    auto const* database_dir = &opened->dir;
    auto const targets = targets_of(result.sites);
    auto const root = std::filesystem::canonical(options.repo);
    auto const units = hashed_units(*opened, units_to_check(*opened, root, result.sites));
    UnitCache const cache(medic_cache_dir() / "checks", "checks-v2", check_query(targets));
    auto const to_check = cache.split(units, [&result](const nlohmann::json& cached) {
        if (!cached.contains("findings"))
            return false;
        auto findings = cached["findings"].get<std::vector<Finding>>();
        std::move(findings.begin(), findings.end(), std::back_inserter(result.findings));
        if (auto problem = cached.value("problem", std::string()); !problem.empty())
            result.check_problems.push_back(problem);
        return true;
    });
    ParallelParse parse{*database_dir, units_of(to_check), options, [&](const std::string& file) {
                            return std::make_unique<CheckJob>(targets, root, result.findings,
                                                              *to_check.at(file), cache);
                        }};
    auto problems = parse_in_parallel(parse);
    result.check_problems.insert(result.check_problems.end(), problems.begin(), problems.end());
    dedupe_and_rank(result.findings, result.sites);
    return result;
}

std::vector<CheckInfo> list_checks() {
    std::vector<CheckInfo> checks;
    for (auto const& check : register_all_checks())
        checks.push_back(check->info());
    return checks;
}

} // namespace medic::code
