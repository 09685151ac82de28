#include "analyzers/anomaly/detect.hpp"
#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/cli/project_options.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/detection.hpp"
#include "bot/views/report_view.hpp"

#include <filesystem>
#include <iostream>

namespace medic::cli {
namespace {

struct DetectOptions {
    std::vector<std::string> telemetry;
    std::vector<std::string> baseline;
    std::string config_path;
    std::string repo = ".";
    std::string out = "medic-anomalies.json";
    std::string save_summary;
    std::string window;
    std::string build_dir;
    bool find_untested = false;
    bool json = false;
    bool no_color = false;
};

/// The configuration with --window applied; warnings printed. A message on failure.
Result<MedicConfig> configure(const DetectOptions& options) {
    MEDIC_TRY(config, resolve_config(options.config_path, options.repo));
    for (auto const& warning : config->warnings)
        views::print_warning(warning);
    if (!options.window.empty())
        MEDIC_RETURN_IF_ERROR(pipeline::set_window(*config, options.window));
    return config;
}

/// Writes the report (--out) and the summary (--save-summary) files.
Result<void> write_outputs(const DetectOptions& options, const std::string& report_text,
                           const TelemetrySummary& current) {
    if (!options.out.empty() && options.out != "-")
        if (auto written = write_text_file(options.out, report_text); !written)
            return written;
    if (!options.save_summary.empty())
        return write_text_file(options.save_summary, to_json_text(current) + "\n");
    return {};
}

void print_human(const DetectOptions& options, const AnomalyReport& report,
                 const TelemetrySummary& current, const std::optional<TelemetrySummary>& baseline,
                 const views::Terminal& terminal) {
    std::cout << views::render_ingest(current.ingest, terminal);
    if (baseline)
        std::cout << terminal.dim("  baseline:") << "\n"
                  << views::render_ingest(baseline->ingest, terminal);
    std::cout << "\n" << views::render_anomalies(report.anomalies, terminal);
    if (!options.out.empty() && options.out != "-")
        std::cout << terminal.dim("Anomaly report written to " + options.out) << "\n";
}

int run_detect(const DetectOptions& options) {
    views::Terminal terminal(stdout, stderr, !options.no_color);
    auto config = configure(options);
    if (!config)
        return stop_with("detect", config.error().message);
    auto inputs = pipeline::read_telemetry_inputs(
        options.telemetry, options.baseline, *config,
        [&terminal](std::string_view status) { terminal.progress(status); });
    terminal.end_progress();
    if (!inputs)
        return stop_with("detect", inputs.error().message);
    std::optional<std::vector<CodeSite>> code;
    if (options.find_untested) {
        code = pipeline::locate_busy_handlers(
            project_options(options.repo, options.build_dir, 0, terminal, config->code.vendored),
            inputs->current, *config, [&terminal](std::string_view warning) {
                terminal.end_progress();
                views::print_warning(warning);
            });
        terminal.end_progress();
    }
    auto const* baseline = inputs->baseline ? &*inputs->baseline : nullptr;
    auto const report = pipeline::anomaly_report(
        *inputs, anomaly::detect({inputs->current, baseline, *config, code ? &*code : nullptr}),
        wall_clock());
    auto const report_text = to_json_text(report, 2) + "\n";
    if (auto written = write_outputs(options, report_text, inputs->current); !written)
        return stop_with("detect", written.error().message);
    if (options.json)
        std::cout << report_text;
    else
        print_human(options, report, inputs->current, inputs->baseline, terminal);
    // What could be read is reported above; an input that gave nothing is still an input error.
    if (auto const unread = pipeline::unread_inputs(*inputs); !unread.empty())
        return stop_with("detect", "nothing was read from " + unread);
    return report.anomalies.empty() ? k_exit_ok : k_exit_findings;
}

} // namespace

void add_detect_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<DetectOptions>();
    auto* command = app.add_subcommand(
        "detect", "Read telemetry and report what is slow, trending, misordered or failing");
    command
        ->add_option("-t,--telemetry", options->telemetry,
                     "Telemetry files: Medic JSON lines, OTLP/JSON traces, JSON or text logs, "
                     "Google Benchmark JSON; gzip is detected; - reads stdin. Give one view of "
                     "each call: events and traces of the same calls would count twice")
        ->required();
    command->add_option(
        "-b,--baseline", options->baseline,
        "Earlier telemetry to compare with (regressions, error spikes, new messages)");
    command->add_option("-c,--config", options->config_path,
                        "Configuration file (default: <repo>/.github/medic.yml when present)");
    command->add_option("--repo", options->repo, "Repository whose .github/medic.yml to use")
        ->capture_default_str();
    command
        ->add_option("-o,--out", options->out,
                     "Where to write the anomaly report JSON ('-': nowhere)")
        ->capture_default_str();
    command->add_option("--save-summary", options->save_summary,
                        "Also write the telemetry summary JSON (per-handler statistics) here");
    command->add_option("--window", options->window,
                        "Time window for per-window statistics, e.g. 10m");
    command->add_flag(
        "--find-untested", options->find_untested,
        "Also locate the busy handlers in --repo's C++ source (Clang) and report those "
        "no test calls (kind untested)");
    command->add_option("--build-dir", options->build_dir,
                        "With --find-untested: the directory holding compile_commands.json");
    command->add_flag("--json", options->json,
                      "Print the anomaly report JSON instead of the table");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic detect --telemetry events.jsonl.gz app-logs.jsonl --repo services/shop
  medic detect -t today.jsonl -b last-week.jsonl --json > report.json
  kubectl logs deploy/shop | medic detect -t - --config .github/medic.yml

Exit codes: 0 no anomalies, 1 anomalies found, 2 usage or setup error.)");
    command->callback([options, &exit_code] { exit_code = run_detect(*options); });
}

} // namespace medic::cli
