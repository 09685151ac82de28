#include "analyzers/code/locate.hpp"
#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/cli/project_options.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"
#include "bot/pipeline/code_attributes.hpp"
#include "bot/views/code_view.hpp"
#include "bot/views/terminal.hpp"

#include <iostream>

namespace medic::cli {
namespace {

struct LocateOptions {
    std::string repo = ".";
    std::vector<std::string> handlers;
    std::vector<std::string> code_places;
    std::string build_dir;
    unsigned jobs = 0;
    unsigned callee_depth = 3;
    bool json = false;
    bool no_color = false;
};

/// --code FILE:LINE places as handler names (the functions containing them), said on stderr.
Result<std::vector<std::string>> handlers_at_places(const code::ProjectOptions& project,
                                                    const LocateOptions& options) {
    std::vector<code::CodePlace> places;
    for (auto const& text : options.code_places) {
        MEDIC_TRY(place, pipeline::parse_code_place(text));
        places.push_back(*place);
    }
    std::vector<std::string> handlers;
    for (auto const& match : pipeline::resolve_places(project, places, views::print_warning)) {
        std::cerr << match.place.filepath << ":" << match.place.lineno << " is in "
                  << match.function << " (" << match.file << ")\n";
        handlers.push_back(match.function);
    }
    return handlers;
}

int run_locate(const LocateOptions& options) {
    if (options.handlers.empty() && options.code_places.empty())
        return stop_with("locate", "say what to find: --handler NAME or --code FILE:LINE");
    views::Terminal terminal(stdout, stderr, !options.no_color);
    auto const project = project_options(options.repo, options.build_dir, options.jobs, terminal,
                                         vendored_folders("", options.repo), options.callee_depth);
    auto handlers = handlers_at_places(project, options);
    terminal.end_progress();
    if (!handlers)
        return stop_with("locate", handlers.error().message);
    handlers->insert(handlers->begin(), options.handlers.begin(), options.handlers.end());
    if (handlers->empty())
        return stop_with("locate", "no function contains the --code places given",
                         k_exit_not_located);
    auto result = code::locate_handlers(project, *handlers);
    terminal.end_progress();
    if (!result)
        return stop_with("locate", result.error().message);
    for (auto const& problem : result->report.problems)
        std::cerr << "warning: " << problem << "\n";
    if (options.json) {
        std::cout << to_json_text(nlohmann::json{{"sites", result->sites},
                                                 {"not_found", result->not_found},
                                                 {"units_total", result->report.units_total},
                                                 {"units_parsed", result->report.units_parsed},
                                                 {"units_cached", result->report.units_cached},
                                                 {"problems", result->report.problems}},
                                  2)
                  << "\n";
    } else {
        for (auto const& site : result->sites)
            std::cout << views::render_site(options.repo, site, terminal) << "\n";
        for (auto const& missing : result->not_found)
            std::cout << terminal.red("not found: ") << missing
                      << " (no definition in the units that mention it; check the spelling and "
                         "that its file is in compile_commands.json)\n";
        std::cout << terminal.dim("read " + std::to_string(result->report.units_parsed) + " of " +
                                  std::to_string(result->report.units_total) +
                                  " translation units (" +
                                  std::to_string(result->report.units_cached) +
                                  " unchanged since the last run, from the cache; the rest cannot "
                                  "mention these handlers)")
                  << "\n";
    }
    return result->not_found.empty() ? k_exit_ok : k_exit_not_located;
}

} // namespace

void add_locate_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<LocateOptions>();
    auto* command = app.add_subcommand(
        "locate", "Find a handler in the C++ source: definition, registrations, callees, tests");
    command->add_option("--repo", options->repo, "The repository to read")->capture_default_str();
    command->add_option("--handler", options->handlers,
                        "A handler as telemetry names it: shop::Search::handle, 'GET /items/{id}', "
                        "depot.Inventory/Reserve, orders.created");
    command->add_option(
        "--code", options->code_places,
        "A place from OpenTelemetry's code.filepath and code.lineno, as FILE:LINE; the function "
        "containing it is located (the path may be the build machine's absolute one)");
    command
        ->add_option("--callee-depth", options->callee_depth,
                     "How many calls deep to list callees (1 = direct calls only)")
        ->capture_default_str()
        ->check(CLI::Range(0, 8));
    command->add_option("--build-dir", options->build_dir,
                        "Directory with compile_commands.json (default: the repo, repo/build, or "
                        "a CMake configure into ~/.cache/medic)");
    command->add_option("-j,--jobs", options->jobs, "Parallel parsers (default: one per core)");
    command->add_flag("--json", options->json, "Print the places as JSON");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic locate --repo services/shop --handler shop::Search::handle
  medic locate --repo services/shop --code /ci/work/shop/src/catalog.cpp:40
  medic locate --repo . --build-dir build --handler 'acme::ledger::v2::export_statement<csv>' --json

A handler may be named as telemetry names it: a function, a route ("GET /search"), an RPC
("depot.Inventory/Reserve"), a registration key or topic; a lambda registered as a route is
located as that lambda. Exit codes: 0 every handler found, 2 usage or setup error, 3 some not
located.)");
    command->callback([options, &exit_code] { exit_code = run_locate(*options); });
}

} // namespace medic::cli
