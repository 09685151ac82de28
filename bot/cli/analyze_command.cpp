#include "analyzers/code/analyze.hpp"
#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/cli/project_options.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/analysis.hpp"
#include "bot/views/code_view.hpp"
#include "bot/views/sarif.hpp"
#include "bot/views/source_view.hpp"

#include <iostream>
#include <map>
#include <sstream>

namespace medic::cli {
namespace {

struct AnalyzeOptions {
    std::string repo = ".";
    std::string anomalies;
    std::vector<std::string> handlers;
    std::string build_dir;
    std::string sarif;
    unsigned jobs = 0;
    unsigned callee_depth = 3;
    bool json = false;
    bool no_color = false;
};

void print_result(const AnalyzeOptions& options, const pipeline::Targets& targets,
                  const code::AnalyzeResult& result, const std::vector<SequenceSite>& sequences,
                  const std::vector<MessageSite>& messages, const views::Terminal& terminal) {
    if (options.json) {
        std::cout << to_json_text(nlohmann::json{{"sites", result.sites},
                                                 {"findings", result.findings},
                                                 {"sequences", sequences},
                                                 {"messages", messages},
                                                 {"not_found", result.not_found}},
                                  2)
                  << "\n";
        return;
    }
    std::cout << views::render_findings(options.repo, result.sites, result.findings, terminal);
    for (auto const& site : sequences) {
        auto const expected = targets.expected_orders.find(site.sequence);
        std::cout << views::render_sequence(options.repo, site,
                                            expected == targets.expected_orders.end()
                                                ? std::vector<std::string>{}
                                                : expected->second,
                                            terminal);
    }
    for (auto const& message : messages)
        std::cout << terminal.bold("message \"" + message.pattern + "\"") << "\n"
                  << views::render_place(options.repo, message.range,
                                         "is built here, in " + message.function, terminal)
                  << "\n";
    for (auto const& missing : result.not_found)
        std::cout << terminal.red("not located: ") << missing
                  << " — no definition, registration, route or RPC override of it was found, so "
                     "nothing about it was checked (medic locate --handler shows what Medic sees)"
                  << "\n";
}

int run_analyze(const AnalyzeOptions& options) {
    views::Terminal terminal(stdout, stderr, !options.no_color);
    auto targets = pipeline::targets_of(options.handlers, options.anomalies);
    if (!targets)
        return stop_with("analyze", targets.error().message);
    auto analysis = pipeline::analyze_targets(
        project_options(options.repo, options.build_dir, options.jobs, terminal,
                        vendored_folders("", options.repo), options.callee_depth),
        *targets, views::print_warning);
    terminal.end_progress();
    if (!analysis)
        return stop_with("analyze", analysis.error().message);
    for (auto const& problem : code::all_problems(analysis->result))
        views::print_warning(problem);
    if (!options.sarif.empty()) {
        auto const sarif = views::to_sarif(analysis->result.findings, code::list_checks());
        if (auto written = write_text_file(options.sarif, to_json_text(sarif, 2) + "\n"); !written)
            return stop_with("analyze", written.error().message);
    }
    print_result(options, *targets, analysis->result, analysis->sequences, analysis->messages,
                 terminal);
    if (!analysis->result.not_found.empty())
        return k_exit_not_located;
    return analysis->result.findings.empty() && analysis->sequences.empty() ? k_exit_ok
                                                                            : k_exit_findings;
}

} // namespace

void add_analyze_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<AnalyzeOptions>();
    auto* command = app.add_subcommand(
        "analyze", "Explain slow handlers: run the code checks on them and their callees");
    command->add_option("--repo", options->repo, "The repository to read")->capture_default_str();
    command->add_option("--anomalies", options->anomalies, "An anomaly report from medic detect");
    command->add_option("--handler", options->handlers,
                        "Handlers to analyze (in addition to the report's)");
    command->add_option("--build-dir", options->build_dir, "Directory with compile_commands.json");
    command->add_option("--sarif", options->sarif,
                        "Also write the findings as SARIF 2.1.0 (GitHub code scanning)");
    command->add_option("-j,--jobs", options->jobs, "Parallel parsers (default: one per core)");
    command
        ->add_option("--callee-depth", options->callee_depth,
                     "How many calls deep the checks follow a handler's callees")
        ->capture_default_str()
        ->check(CLI::Range(0, 8));
    command->add_flag("--json", options->json, "Print sites and findings as JSON");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic analyze --repo services/shop --anomalies medic-anomalies.json --sarif medic.sarif
  medic analyze --repo . --handler shop::Search::handle --json

Handlers are named as telemetry names them: a qualified function, a route ("GET /items/{id}"), an
RPC ("pkg.Service/Method"), a registration key or topic. Exit codes: 0 no findings, 1 findings,
2 usage or setup error, 3 some handler could not be located (what was found is still printed).)");
    command->callback([options, &exit_code] { exit_code = run_analyze(*options); });
}

} // namespace medic::cli
