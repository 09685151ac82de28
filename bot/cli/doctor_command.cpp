#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/doctor/doctor.hpp"
#include "bot/views/terminal.hpp"

#include <iostream>

namespace medic::cli {

namespace {

struct DoctorOptions {
    doctor::DoctorRequest request{"."};
    std::string config_path;
    bool no_color = false;
};

void print(const doctor::DoctorReport& report, const views::Terminal& terminal) {
    for (auto const& finding : report.findings()) {
        using Level = doctor::DoctorFinding::Level;
        auto const mark = finding.level == Level::ok        ? terminal.green("✓")
                          : finding.level == Level::warning ? terminal.yellow("!")
                                                            : terminal.bold_red("✗");
        std::cout << mark << " " << terminal.bold(finding.name) << ": " << finding.detail << "\n";
        if (!finding.fix.empty())
            std::cout << "    " << terminal.dim("fix: " + finding.fix) << "\n";
    }
}

int run_doctor(const DoctorOptions& options, const http::CurlGlobal& curl) {
    views::Terminal terminal{stdout, stderr, !options.no_color};
    auto const config = resolve_config(options.config_path, options.request.repo);
    auto const report = doctor::examine(options.request, config, curl);
    print(report, terminal);
    std::cout << (report.healthy() ? "Everything Medic needs is in place.\n"
                                   : "Fix the problems above, then run medic doctor again.\n");
    return report.healthy() ? k_exit_ok : k_exit_findings;
}

} // namespace

void add_doctor_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl) {
    auto options = std::make_shared<DoctorOptions>();
    auto* command = app.add_subcommand(
        "doctor", "Check the setup: configuration, compile database, validation, GitHub "
                  "credentials and permissions, branch protection, push access, the LLM");
    command->add_option("--repo", options->request.repo, "The repository")->capture_default_str();
    command->add_option("-c,--config", options->config_path,
                        "Configuration file (default: <repo>/.github/medic.yml when present)");
    command->add_option("--build-dir", options->request.build_dir,
                        "Directory with compile_commands.json");
    command->add_option("-t,--telemetry", options->request.telemetry,
                        "Telemetry files: also check that the handlers in them can be located");
    command->add_flag("--skip-code", options->request.skip_code,
                      "Skip the checks that read the code (harness target, locating handlers)");
    command->add_flag("--offline", options->request.offline,
                      "Skip the checks that need the network");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic doctor --repo .
  GITHUB_TOKEN=... medic doctor --repo services/shop -c ci/medic.yml
  medic doctor --repo services/depot -t traces.otlp.jsonl.gz --offline

The code is checked too: the harness target is defined, and every handler medic.yml names (and,
with --telemetry, every handler the telemetry names) can be located. GitHub is checked when publish.mode is github: the token (github.token_env) or the GitHub App
(github.app_id, github.private_key_file), the permissions Medic needs, the repository, branch
protection, auto-merge, and push access. Each problem comes with its fix. Exit codes: 0 all
fine (warnings allowed), 1 some problem, 2 usage error.)");
    command->callback([options, &exit_code, &curl] { exit_code = run_doctor(*options, curl); });
}

} // namespace medic::cli
