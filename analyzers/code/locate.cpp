#include "analyzers/code/locate.hpp"

#include "analyzers/code/handler_finder.hpp"
#include "analyzers/code/names.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/unit_cache.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <algorithm>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <set>

namespace medic::code {
namespace {

/// What one unit's pass found: sites, and handlers a registration names by a function.
struct Found {
    std::map<std::string, CodeSite> sites;
    std::map<std::string, std::string> resolved;

    void merge(const std::map<std::string, CodeSite>& more_sites,
               const std::map<std::string, std::string>& more_resolved) {
        merge_into(sites, more_sites);
        resolved.insert(more_resolved.begin(), more_resolved.end());
    }
};

/// One unit's HandlerFinder: merged into the shared result, and stored in the cache.
class LocateJob : public UnitJob {
public:
    LocateJob(HandlerFinder finder, const CandidateUnit& unit, const UnitCache& cache, Found& all)
        : m_finder(std::move(finder)), m_unit(unit), m_cache(cache), m_all(all) {}
    void add_matchers(clang::ast_matchers::MatchFinder& finder) override {
        m_finder.register_matchers(finder);
    }
    void merge(const std::string& problem) override {
        m_all.merge(m_finder.sites(), m_finder.resolved());
        m_cache.store(
            m_unit,
            {{"sites", m_finder.sites()}, {"resolved", m_finder.resolved()}, {"problem", problem}});
    }

private:
    HandlerFinder m_finder;
    const CandidateUnit& m_unit;
    const UnitCache& m_cache;
    Found& m_all;
};

/// Everything a unit's answer depends on besides its contents: the queries, the depth and what
/// is vendored — not where the repository is, so every clone and worktree shares the answers.
std::vector<std::string> cache_key(const std::vector<HandlerQuery>& queries, unsigned depth,
                                   const RepoScope& scope) {
    std::vector<std::string> key{"callee depth " + std::to_string(depth)};
    for (auto const& folder : scope.excluded())
        key.push_back("vendored " + folder);
    for (auto const& query : queries) {
        key.push_back(query.handler);
        for (auto const& name : query.names)
            key.push_back("\x1e" + name);
    }
    return key;
}

/// Units that can answer: those spelling a wanted function, containing a wanted route, key or
/// RPC method, or holding a wanted lambda.
std::vector<CandidateUnit> candidate_units(const CompileDatabase& opened, const QueryIndex& index,
                                           const std::filesystem::path& root) {
    auto const& database = *opened.database;
    auto units = units_mentioning(opened, index.function_names());
    std::set<std::string> chosen;
    for (auto const& unit : units)
        chosen.insert(unit.file);
    std::vector<std::string> more;
    auto const fragments = index.fragments();
    if (!fragments.empty())
        for (auto const& unit : units_containing(database, fragments))
            if (chosen.insert(unit).second)
                more.push_back(unit);
    for (auto const& file : index.lambda_files()) {
        auto const unit = std::filesystem::weakly_canonical(root / file).string();
        auto const all = database.getAllFiles();
        if (std::find(all.begin(), all.end(), unit) != all.end() && chosen.insert(unit).second)
            more.push_back(unit);
    }
    auto hashed = hashed_units(opened, more);
    units.insert(units.end(), hashed.begin(), hashed.end());
    return units;
}

/// One locate pass: the handlers' sites as the units that can mention them show them.
Result<Found> locate_pass(const ProjectOptions& options, const std::vector<HandlerQuery>& queries,
                          unsigned callee_depth, ParseReport& report) {
    MEDIC_TRY(opened, open_compile_database(options));
    auto const root = std::filesystem::canonical(options.repo);
    RepoScope const scope(root, vendored_paths(root, options.vendored));
    QueryIndex const index(queries);
    auto const candidates = candidate_units(*opened, index, root);
    UnitCache const cache(medic_cache_dir() / "locate", "locate-v3",
                          cache_key(queries, callee_depth, scope));
    Found found;
    auto const to_parse = cache.split(candidates, [&](const nlohmann::json& cached) {
        if (!cached.contains("sites"))
            return false;
        found.merge(cached["sites"].get<std::map<std::string, CodeSite>>(),
                    cached.value("resolved", std::map<std::string, std::string>{}));
        if (auto problem = cached.value("problem", std::string()); !problem.empty())
            report.problems.push_back(problem);
        ++report.units_cached;
        return true;
    });
    ParallelParse parse{opened->dir, units_of(to_parse), options, [&](const std::string& file) {
                            return std::make_unique<LocateJob>(
                                HandlerFinder(queries, scope, callee_depth), *to_parse.at(file),
                                cache, found);
                        }};
    auto problems = parse_in_parallel(parse);
    report.problems.insert(report.problems.end(), problems.begin(), problems.end());
    report.units_total = opened->database->getAllFiles().size();
    report.units_parsed += candidates.size();
    return found;
}

std::vector<HandlerQuery> by_name(const std::vector<std::string>& names) {
    std::vector<HandlerQuery> queries;
    for (auto const& name : names)
        queries.push_back({name, {}});
    return queries;
}

/// Takes `from`'s definition and callees into `site` (a registration named the function).
void take_definition(CodeSite& site, const CodeSite& from, unsigned depth_offset) {
    site.qualified_name = from.qualified_name;
    site.definition = from.definition;
    for (auto callee : from.callees) {
        callee.depth += depth_offset;
        add_callee(site.callees, callee);
    }
    for (auto const& file : from.test_files)
        if (std::find(site.test_files.begin(), site.test_files.end(), file) ==
            site.test_files.end())
            site.test_files.push_back(file);
}

/// Handlers a registration names by a function defined in another unit: located there by name.
void follow_resolved(const ProjectOptions& options, Found& found, ParseReport& report) {
    std::vector<std::string> names;
    for (auto const& [handler, function] : found.resolved)
        if (found.sites[handler].definition.file.empty())
            names.push_back(function);
    if (names.empty())
        return;
    auto pass = locate_pass(options, by_name(names), options.callee_depth, report);
    if (!pass)
        return; // the first pass worked, so this is rare; the handlers stay not found
    for (auto const& [handler, function] : found.resolved)
        if (auto const it = pass->sites.find(function);
            it != pass->sites.end() && found.sites[handler].definition.file.empty())
            take_definition(found.sites[handler], it->second, 0);
}

/// Fills in `site`'s callees from their own located sites: their definition, and their callees
/// one level deeper (up to `max_depth`).
void graft_callees(CodeSite& site, const std::map<std::string, CodeSite>& found,
                   unsigned max_depth) {
    auto const callees = site.callees; // add_callee may grow the list
    for (auto const& callee : callees) {
        auto const it = found.find(callee.name);
        if (!callee.definition.file.empty() || it == found.end() ||
            it->second.qualified_name.empty())
            continue;
        add_callee(site.callees, {callee.name, it->second.definition, callee.depth});
        for (auto const& deeper : it->second.callees)
            if (callee.depth + deeper.depth <= max_depth)
                add_callee(site.callees,
                           {deeper.name, deeper.definition, callee.depth + deeper.depth});
    }
}

/// Callees whose bodies live in another unit than their caller's: their definitions (and their
/// own callees, as deep as the depth left allows) come from a pass that locates them by name.
void follow_callees_across_units(const ProjectOptions& options, LocateResult& result) {
    std::set<std::string> tried;
    for (unsigned round = 1; round < std::max(options.callee_depth, 2u); ++round) {
        std::vector<std::string> names;
        for (auto const& site : result.sites)
            for (auto const& callee : site.callees)
                if (callee.definition.file.empty() && tried.insert(callee.name).second)
                    names.push_back(callee.name);
        if (names.empty())
            return;
        ParseReport ignored;
        auto pass = locate_pass(options, by_name(names), options.callee_depth - 1, ignored);
        if (!pass)
            return; // the first pass worked, so this is rare; the callees stay without bodies
        for (auto& site : result.sites)
            graft_callees(site, pass->sites, options.callee_depth);
    }
}

} // namespace

Result<LocateResult> locate_handlers(const ProjectOptions& options,
                                     const std::vector<HandlerQuery>& queries) {
    LocateResult result;
    MEDIC_TRY(found, locate_pass(options, queries, options.callee_depth, result.report));
    follow_resolved(options, *found, result.report);
    for (auto const& query : queries) {
        auto const it = found->sites.find(query.handler);
        if (it == found->sites.end() || it->second.qualified_name.empty())
            result.not_found.push_back(query.handler);
        else
            result.sites.push_back(it->second);
    }
    follow_callees_across_units(options, result);
    // Units are parsed in whatever order the threads finish: the files come out sorted.
    for (auto& site : result.sites)
        std::sort(site.test_files.begin(), site.test_files.end());
    return result;
}

Result<LocateResult> locate_handlers(const ProjectOptions& options,
                                     const std::vector<std::string>& handlers) {
    return locate_handlers(options, by_name(handlers));
}

} // namespace medic::code
