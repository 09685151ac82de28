#include "bot/cli/init_command.hpp"

#include "bot/cli/exit_codes.hpp"
#include "bot/config/config_schema.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/model/result.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/harness_setup.hpp"
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
    bool dry_run = false;
    bool force = false;
    bool no_color = false;
};

Result<void> write_files(const fs::path& repo, const std::vector<GeneratedFile>& files) {
    for (auto const& file : files)
        if (auto written = write_text_file(repo / file.path, file.content); !written)
            return written;
    return {};
}

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

/// --config: the starter .github/medic.yml.
int write_starter_config(const InitOptions& options) {
    auto const file = fs::path(options.repo) / ".github" / "medic.yml";
    if (options.dry_run) {
        std::cout << starter_config();
        return k_exit_ok;
    }
    if (fs::exists(file) && !options.force) {
        std::cerr << "medic init: " << file.string()
                  << " exists; --force writes the starter over it (your settings would be lost), "
                     "--dry-run prints it\n";
        return k_exit_usage;
    }
    if (auto written = write_text_file(file, starter_config()); !written) {
        std::cerr << "medic init: " << written.error().message << "\n";
        return k_exit_usage;
    }
    std::cout << "Wrote " << file.string()
              << ": version 1 and every other key commented out with its default. Uncomment "
                 "what you change; `medic doctor` checks it.\n";
    return k_exit_ok;
}

int run_init(const InitOptions& options) {
    if (options.schema) {
        std::cout << config_json_schema().dump(2) << "\n";
        return k_exit_ok;
    }
    if (options.config && !options.harness)
        return write_starter_config(options);
    if (!options.harness) {
        std::cerr << "medic init: say what to write: --config (a starter .github/medic.yml), "
                     "--harness (the harness Medic's generated tests call your handlers "
                     "through), or --schema (the configuration's JSON Schema, printed)\n";
        return k_exit_usage;
    }
    if (options.config)
        if (int const written = write_starter_config(options); written != k_exit_ok)
            return written;
    if (fs::exists(fs::path(options.repo) / "tests/medic_harness/medic_harness.cpp") &&
        !options.force && !options.dry_run) {
        std::cerr << "medic init: tests/medic_harness/medic_harness.cpp exists; --force writes "
                     "it again (your edits to it would be lost)\n";
        return k_exit_usage;
    }
    views::Terminal terminal(stdout, stderr, !options.no_color);
    auto config = resolve_config("", options.repo);
    pipeline::HarnessSetup setup{
        options.repo,      options.build_dir,
        options.anomalies, options.handlers,
        options.templates, config ? config->code.vendored : CodeConfig{}.vendored};
    auto harness = pipeline::make_harness(
        setup, [&terminal](std::string_view status) { terminal.progress(status); });
    terminal.end_progress();
    if (!harness) {
        std::cerr << "medic init: " << harness.error().message << "\n";
        return k_exit_usage;
    }
    if (!options.dry_run)
        if (auto written = write_files(options.repo, harness->files); !written) {
            std::cerr << "medic init: " << written.error().message << "\n";
            return k_exit_usage;
        }
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
  medic init --harness --repo services/depot
  medic init --harness --repo . --build-dir build --anomalies medic-anomalies.json --dry-run

--config writes the starter and refuses to replace an existing file (--force does; --dry-run
prints it instead). The harness: Medic finds the functions that install cpp-httplib routes (void f(httplib::Server&, ...)), the
classes that implement gRPC services, and — given handlers — plain functions taking a request
struct; state they need is default-constructed once. Review the harness before committing it.
Exit codes: 0 written, 2 nothing a harness can call, or a usage or setup error.)");
    command->callback([options, &exit_code] { exit_code = run_init(*options); });
}

} // namespace medic::cli
