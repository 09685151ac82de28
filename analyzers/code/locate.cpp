#include "analyzers/code/locate.hpp"

#include "analyzers/code/handler_finder.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/unit_cache.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/json.hpp"

#include <clang/Tooling/JSONCompilationDatabase.h>
#include <fstream>
#include <set>
#include <sstream>

namespace medic::code {
namespace {

/// One unit's HandlerFinder: merged into the shared result, and stored in the cache.
class LocateJob : public UnitJob {
public:
    LocateJob(HandlerFinder finder, const CandidateUnit& unit, const UnitCache& cache,
              std::map<std::string, CodeSite>& all)
        : m_finder(std::move(finder)), m_unit(unit), m_cache(cache), m_all(all) {}
    void add_matchers(clang::ast_matchers::MatchFinder& finder) override {
        m_finder.register_matchers(finder);
    }
    void merge(const std::string& problem) override {
        merge_into(m_all, m_finder.sites());
        m_cache.store(m_unit, {{"sites", m_finder.sites()}, {"problem", problem}});
    }

private:
    HandlerFinder m_finder;
    const CandidateUnit& m_unit;
    const UnitCache& m_cache;
    std::map<std::string, CodeSite>& m_all;
};

/// One locate pass: the handlers' sites as the units mentioning them show them.
Result<LocateResult> locate_pass(const ProjectOptions& options,
                                 const std::vector<std::string>& handlers, unsigned callee_depth) {
    auto opened = open_compile_database(options);
    if (!opened)
        return std::unexpected(opened.error());
    auto const& database = opened->database;
    auto const* database_dir = &opened->dir;
    auto const root = std::filesystem::canonical(options.repo);
    auto const candidates = units_mentioning(*database, handlers);
    auto query = handlers;
    query.push_back("callee depth " + std::to_string(callee_depth));
    UnitCache const cache(medic_cache_dir() / "locate", "locate-v2", query);
    std::map<std::string, CodeSite> sites;
    LocateResult result;
    std::map<std::string, const CandidateUnit*> to_parse;
    for (auto const& unit : candidates) {
        if (auto cached = cache.load(unit); cached && cached->contains("sites")) {
            merge_into(sites, (*cached)["sites"].get<std::map<std::string, CodeSite>>());
            if (auto problem = cached->value("problem", std::string()); !problem.empty())
                result.report.problems.push_back(problem);
            ++result.report.units_cached;
        } else {
            to_parse[unit.file] = &unit;
        }
    }
    std::vector<std::string> files;
    for (auto const& [file, unit] : to_parse)
        files.push_back(file);
    ParallelParse parse{
        *database_dir, files, options.jobs, options.on_progress, [&](const std::string& file) {
            return std::make_unique<LocateJob>(HandlerFinder(handlers, root, callee_depth),
                                               *to_parse.at(file), cache, sites);
        }};
    auto problems = parse_in_parallel(parse);
    result.report.problems.insert(result.report.problems.end(), problems.begin(), problems.end());
    result.report.units_total = database->getAllFiles().size();
    result.report.units_parsed = candidates.size();
    for (auto const& handler : handlers) {
        auto const it = sites.find(handler);
        if (it == sites.end() || it->second.qualified_name.empty())
            result.not_found.push_back(handler);
        else
            result.sites.push_back(it->second);
    }
    return result;
}

/// Fills in `site`'s callees from their own located sites: their definition, and their callees
/// one level deeper (up to `max_depth`).
void graft_callees(CodeSite& site, const std::map<std::string, const CodeSite*>& found,
                   unsigned max_depth) {
    auto const callees = site.callees; // add_callee may grow the list
    for (auto const& callee : callees) {
        auto const it = found.find(callee.name);
        if (!callee.definition.file.empty() || it == found.end())
            continue;
        add_callee(site.callees, {callee.name, it->second->definition, callee.depth});
        for (auto const& deeper : it->second->callees)
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
        auto pass = locate_pass(options, names, options.callee_depth - 1);
        if (!pass)
            return; // the first pass worked, so this is rare; the callees stay without bodies
        std::map<std::string, const CodeSite*> found;
        for (auto const& site : pass->sites)
            found[site.handler] = &site;
        for (auto& site : result.sites)
            graft_callees(site, found, options.callee_depth);
    }
}

} // namespace

Result<LocateResult> locate_handlers(const ProjectOptions& options,
                                     const std::vector<std::string>& handlers) {
    auto result = locate_pass(options, handlers, options.callee_depth);
    if (result)
        follow_callees_across_units(options, *result);
    return result;
}

} // namespace medic::code
