#include "bot/pipeline/harness_setup.hpp"

#include "analyzers/code/entry_points.hpp"
#include "analyzers/code/locate.hpp"
#include "analyzers/code/names.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/analysis.hpp"
#include "bot/pipeline/run_setup.hpp"

#include <algorithm>
#include <regex>

namespace medic::pipeline {
namespace {

namespace fs = std::filesystem;
using Progress = std::function<void(std::string_view)>;

/// The CMake project's name, from project(NAME ...) in the top-level CMakeLists.txt.
std::string project_name(const std::optional<std::string>& cmake_lists, const fs::path& repo) {
    static const std::regex k_project(R"(project\s*\(\s*([A-Za-z0-9_.+-]+))", std::regex::icase);
    std::smatch match;
    if (cmake_lists && std::regex_search(*cmake_lists, match, k_project))
        return match[1].str();
    return fs::canonical(repo).filename().string();
}

/// Handlers named by a report or --handler that are neither routes nor RPCs: called as plain
/// functions when their signature allows it.
Result<std::vector<CodeSite>> plain_handlers(const HarnessSetup& setup,
                                             const code::ProjectOptions& project) {
    if (setup.anomalies.empty() && setup.handlers.empty())
        return std::vector<CodeSite>{};
    MEDIC_TRY(targets, targets_of(setup.handlers, setup.anomalies));
    std::erase_if(targets->handlers, [](const code::HandlerQuery& query) {
        auto const kinds = code::targets_of(query.handler);
        return std::any_of(kinds.begin(), kinds.end(), [](const code::NameTarget& target) {
            return target.kind == code::NameTarget::Kind::route ||
                   target.kind == code::NameTarget::Kind::rpc;
        });
    });
    if (targets->handlers.empty())
        return std::vector<CodeSite>{};
    MEDIC_TRY(located, code::locate_handlers(project, targets->handlers));
    std::erase_if(located->sites, [](const CodeSite& site) {
        return code::is_lambda_identity(site.qualified_name);
    });
    return located->sites;
}

} // namespace

Result<GeneratedHarness> make_harness(const HarnessSetup& setup, const Progress& progress) {
    code::ProjectOptions project{setup.repo, setup.build_dir, 0, progress};
    project.vendored = setup.vendored;
    MEDIC_TRY(plain, plain_handlers(setup, project));
    MEDIC_TRY(entry_points, code::find_entry_points(project, *plain));
    HarnessRequest request{*entry_points,
                           {},
                           "tests/medic_harness",
                           read_text_file(setup.repo / "CMakeLists.txt"),
                           read_text_file(setup.repo / ".github" / "medic.yml")};
    request.project = project_name(request.cmake_lists, setup.repo);
    return generate_harness(request, template_dirs_for(setup.templates, setup.repo));
}

std::filesystem::path harness_source(const std::filesystem::path& repo) {
    return repo / "tests" / "medic_harness" / "medic_harness.cpp";
}

Result<void> write_harness(const std::filesystem::path& repo, const GeneratedHarness& harness) {
    for (auto const& file : harness.files)
        MEDIC_RETURN_IF_ERROR(write_text_file(repo / file.path, file.content));
    return {};
}

} // namespace medic::pipeline
