#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/config/config_schema.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/model/result.hpp"
#include "bot/model/text.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/harness_setup.hpp"
#include "bot/pipeline/workflow_setup.hpp"
#include "bot/views/terminal.hpp"
#include "generators/tests/harness_generator.hpp"

#include <iostream>

namespace medic::cli {
namespace {

namespace fs = std::filesystem;

struct InitOptions {
    std::string repo = ".";
    std::string build_dir;
    std::string anomalies;
    std::vector<std::string> handlers;
    std::string templates;
    bool harness = false;
    bool config = false;
    bool schema = false;
    bool workflow = false;
    std::string action;    ///< owner/repo@ref of Medic's action, for --workflow.
    std::string benchmark; ///< The command that runs the Google Benchmark binary.
    bool dry_run = false;
    bool force = false;
    bool no_color = false;
};

void report(const GeneratedHarness& harness, const InitOptions& options, const views::Terminal& t) {
    std::cout << t.bold(options.dry_run ? "Would write:" : "Wrote:") << "\n";
    for (auto const& file : harness.files)
        std::cout << "  " << file.path << "\n";
    std::cout << t.bold("The harness (target " + harness.target + ") calls:") << "\n";
    for (auto const& line : harness.covers)
        std::cout << "  " << line << "\n";
    for (auto const& problem : harness.problems)
        std::cout << t.yellow("  not covered: ") << problem << "\n";
    if (!options.dry_run)
        std::cout << "\nBuild it (cmake --build ...), review and commit it; Medic's generated "
                     "tests and benchmarks then replay recorded requests through it.\n";
}

/// Writes `content` to `file` unless it exists (--force replaces it; --dry-run prints it).
int write_new_file(const fs::path& file, const std::string& content, const InitOptions& options,
                   std::string_view what_next) {
    if (options.dry_run) {
        std::cout << content;
        return k_exit_ok;
    }
    if (fs::exists(file) && !options.force)
        return stop_with("init", file.string() + " exists; --force writes over it (your changes "
                                                 "would be lost), --dry-run prints what would "
                                                 "be written");
    if (auto written = write_text_file(file, content); !written)
        return stop_with("init", written.error().message);
    std::cout << "Wrote " << file.string() << ": " << what_next << ".\n";
    return k_exit_ok;
}

/// --config: the starter .github/medic.yml.
int write_starter_config(const InitOptions& options) {
    return write_new_file(fs::path(options.repo) / ".github" / "medic.yml", starter_config(),
                          options,
                          "version 1 and every other key commented out with its default; "
                          "uncomment what you change, `medic doctor` checks it");
}

/// --workflow: .github/workflows/medic.yml.
int write_workflow(const InitOptions& options) {
    auto workflow = pipeline::render_workflow(
        {options.repo, options.action, options.benchmark, options.templates});
    if (!workflow)
        return stop_with("init", workflow.error().message);
    return write_new_file(fs::path(options.repo) / ".github" / "workflows" / "medic.yml", *workflow,
                          options,
                          "the workflow runs your benchmarks and sends Medic's App the "
                          "anomalies; set the secret MEDIC_DISPATCH_TOKEN");
}

int run_init(const InitOptions& options) {
    if (options.schema) {
        std::cout << config_json_schema().dump(2) << "\n";
        return k_exit_ok;
    }
    if (!options.harness && !options.config && !options.workflow)
        return stop_with("init", "say what to write: --config (a starter .github/medic.yml), "
                                 "--workflow (a GitHub Actions workflow that sends Medic "
                                 "anomalies), --harness (the harness Medic's generated tests "
                                 "call your handlers through), or --schema (the "
                                 "configuration's JSON Schema, printed)");
    if (options.config)
        if (int const written = write_starter_config(options); written != k_exit_ok)
            return written;
    if (options.workflow)
        if (int const written = write_workflow(options); written != k_exit_ok)
            return written;
    if (!options.harness)
        return k_exit_ok;
    if (fs::exists(pipeline::harness_source(options.repo)) && !options.force && !options.dry_run)
        return stop_with("init", "tests/medic_harness/medic_harness.cpp exists; --force writes "
                                 "it again (your edits to it would be lost)");
    views::Terminal terminal(stdout, stderr, !options.no_color);
    auto config = resolve_config("", options.repo);
    pipeline::HarnessSetup setup{
        options.repo,      options.build_dir,
        options.anomalies, options.handlers,
        options.templates, config ? config->code.vendored : CodeConfig{}.vendored};
    auto harness = pipeline::make_harness(
        setup, [&terminal](std::string_view status) { terminal.progress(status); });
    terminal.end_progress();
    if (!harness)
        return stop_with("init", harness.error().message);
    if (!options.dry_run)
        if (auto written = pipeline::write_harness(options.repo, *harness); !written)
            return stop_with("init", written.error().message);
    report(*harness, options, terminal);
    return k_exit_ok;
}

} // namespace

void add_init_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<InitOptions>();
    auto* command = app.add_subcommand(
        "init", "Set a repository up for Medic: --config writes a starter .github/medic.yml, "
                "--harness the harness its tests run through");
    command->add_flag("--config", options->config,
                      "Write a starter .github/medic.yml: version 1 and every other key commented "
                      "out with its default and what it changes");
    command->add_flag("--workflow", options->workflow,
                      "Write .github/workflows/medic.yml: build, run the benchmarks, compare with "
                      "the previous run's, send the anomalies to Medic's App (needs --action and "
                      "--benchmark)");
    command->add_option("--action", options->action,
                        "Medic's action for --workflow: OWNER/REPO@REF (its action.yml)");
    command->add_option("--benchmark", options->benchmark,
                        "For --workflow: the command that runs your Google Benchmark binary");
    command->add_flag("--schema", options->schema,
                      "Print the configuration's JSON Schema (draft 2020-12) for editors and CI");
    command->add_flag("--harness", options->harness,
                      "Write the Medic harness (tests/medic_harness/): how generated tests and "
                      "benchmarks replay recorded requests in process, for the cpp-httplib routes, "
                      "gRPC services and plain handler functions Medic finds; plus its CMake "
                      "target, the hook that builds it, and harness: in .github/medic.yml");
    command->add_option("--repo", options->repo, "The repository (written to)")
        ->capture_default_str();
    command->add_option("--build-dir", options->build_dir,
                        "Directory with compile_commands.json (default: the repo, repo/build, or "
                        "a CMake configure into ~/.cache/medic)");
    command->add_option("--anomalies", options->anomalies,
                        "An anomaly report: its handlers that are plain functions get a call too");
    command->add_option("--handler", options->handlers,
                        "A handler (qualified function) to call as a plain function");
    command->add_option("--templates", options->templates, "Medic's templates folder");
    command->add_flag("--dry-run", options->dry_run, "Say what would be written; write nothing");
    command->add_flag("--force", options->force, "Write the harness again over an existing one");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic init --config --repo .
  medic init --schema > medic.schema.json
  medic init --workflow --action acme/medic@v1 --benchmark ./build/bench/service_bench
  medic init --harness --repo services/depot
  medic init --harness --repo . --build-dir build --anomalies medic-anomalies.json --dry-run

--config and --workflow refuse to replace an existing file (--force does; --dry-run prints
it instead). The harness: Medic finds the functions that install cpp-httplib routes (void f(httplib::Server&, ...)), the
classes that implement gRPC services, and — given handlers — plain functions taking a request
struct; state they need is default-constructed once. Review the harness before committing it.
Exit codes: 0 written, 2 nothing a harness can call, or a usage or setup error.)");
    command->callback([options, &exit_code] { exit_code = run_init(*options); });
}

} // namespace medic::cli
