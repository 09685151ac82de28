#include "analyzers/code/locate.hpp"

#include "analyzers/code/handler_finder.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/units.hpp"

#include <clang/Tooling/JSONCompilationDatabase.h>

namespace medic::code {
namespace {

/// One unit's HandlerFinder, merged into the shared result when the unit is done.
class LocateJob : public UnitJob {
public:
    LocateJob(const std::vector<std::string>& handlers, const std::filesystem::path& root,
              std::map<std::string, CodeSite>& all)
        : m_finder(handlers, root), m_all(all) {}
    void add_matchers(clang::ast_matchers::MatchFinder& finder) override {
        m_finder.register_matchers(finder);
    }
    void merge() override { merge_into(m_all, m_finder.sites()); }

private:
    HandlerFinder m_finder;
    std::map<std::string, CodeSite>& m_all;
};

} // namespace

Result<LocateResult> locate_handlers(const ProjectOptions& options,
                                     const std::vector<std::string>& handlers) {
    auto database_dir = find_or_make_compile_database(options.repo, options.build_dir);
    if (!database_dir)
        return std::unexpected(database_dir.error());
    std::string error;
    auto database =
        clang::tooling::JSONCompilationDatabase::loadFromDirectory(database_dir->string(), error);
    if (!database)
        return fail(ErrorCode::invalid_input,
                    "cannot read " + database_dir->string() + "/compile_commands.json: " + error);
    auto const root = std::filesystem::canonical(options.repo);
    std::map<std::string, CodeSite> sites;
    ParallelParse parse{*database_dir, units_mentioning(*database, handlers), options.jobs,
                        options.on_progress,
                        [&] { return std::make_unique<LocateJob>(handlers, root, sites); }};
    LocateResult result;
    result.report = {database->getAllFiles().size(), parse.units.size(), parse_in_parallel(parse)};
    for (auto const& handler : handlers) {
        auto const it = sites.find(handler);
        if (it == sites.end() || it->second.qualified_name.empty())
            result.not_found.push_back(handler);
        else
            result.sites.push_back(it->second);
    }
    return result;
}

} // namespace medic::code
