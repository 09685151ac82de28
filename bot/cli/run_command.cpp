#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/clients/learning.hpp"
#include "bot/clients/run_connections.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"
#include "bot/pipeline/run.hpp"
#include "bot/pipeline/run_setup.hpp"
#include "bot/process/posix_process_runner.hpp"
#include "bot/views/results_view.hpp"
#include "bot/views/terminal.hpp"

#include <iostream>
#include <optional>

namespace medic::cli {
namespace {

struct RunOptions {
    std::string repo = ".";
    std::vector<std::string> telemetry;
    std::vector<std::string> baseline;
    std::string config_path;
    std::string build_dir;
    std::string provider;
    std::string publish; ///< Empty: publish.mode from the configuration.
    std::string remote;
    std::string out = "medic-run";
    std::string work_dir;
    std::string templates;
    std::vector<std::string> only; ///< Anomaly ids to work on; empty: all.
    std::string anomalies;         ///< An anomaly report to start from instead of telemetry.
    std::string state_dir;         ///< The learning records' store; empty: none.
    bool json = false;             ///< The run report on stdout; people's lines on stderr.
    bool no_color = false;
};

/// Prints the run as it goes: progress on the terminal, lines for people on `out`.
class TerminalObserver final : public pipeline::RunObserver {
public:
    TerminalObserver(views::Terminal& terminal, std::ostream& out)
        : m_terminal(terminal), m_out(out) {}

    void progress(std::string_view status) override { m_terminal.progress(status); }
    void end_progress() override { m_terminal.end_progress(); }
    void note(std::string_view line) override { m_out << line << "\n"; }
    void warning(std::string_view line) override { views::print_warning(line); }

    void proving(std::size_t index, std::size_t total, const Anomaly& anomaly,
                 const PatchDraft& draft, const pipeline::ProofMeans& means) override {
        bool const own_benchmark =
            !means.repo_benchmarks.empty() &&
            (anomaly.kind == AnomalyKind::slow || anomaly.kind == AnomalyKind::trend);
        m_out << "[" << index + 1 << "/" << total << "] " << to_string(anomaly.kind) << " "
              << draft.handler << ": validating the " << draft.fixer << " fix"
              << (own_benchmark ? " with its own benchmark " + means.repo_benchmarks.front().name
                                : "")
              << "\n";
    }

    void proved(const pipeline::FixResult& result) override {
        m_out << "      " << to_string(result.status) << ": "
              << result.reason.substr(0, result.reason.find('\n')) << "\n";
        for (auto const& warning : result.warnings)
            m_out << "      " << m_terminal.yellow("warning: ") << warning << "\n";
    }

private:
    views::Terminal& m_terminal;
    std::ostream& m_out;
};

pipeline::RunRequest request_of(const RunOptions& options, const MedicConfig& config) {
    return {options.repo,
            options.telemetry,
            options.baseline,
            options.build_dir,
            options.provider,
            options.publish.empty() ? config.publish.mode
                                    : *parse_publish_mode(options.publish), // --publish is checked
            options.remote,
            options.out,
            pipeline::work_dir_for(options.work_dir, options.repo),
            options.templates,
            options.only,
            options.anomalies};
}

void print_report(const RunReport& report, const RunOptions& options,
                  const views::Terminal& terminal, std::ostream& out) {
    if (report.fixes.empty())
        out << "Nothing to fix.\n";
    else
        out << "\n"
            << views::results_table(report.fixes, terminal) << "\n"
            << terminal.dim(views::stage_times_line(report)) << "\n"
            << "Verdicts and PR bodies: " << options.out
            << "/<anomaly id>/{verdict.json,pull-request.md}; summary: " << options.out
            << "/run.json\n";
    if (options.json)
        std::cout << to_json_text(report, 2) << "\n";
}

int run_pipeline(const RunOptions& options, const http::CurlGlobal& curl) {
    if (options.telemetry.empty() == options.anomalies.empty())
        return stop_with("run", "nothing to work from: give telemetry (-t FILE...) or an "
                                "anomaly report (--anomalies FILE)");
    auto config = resolve_config(options.config_path, options.repo);
    if (!config)
        return stop_with("run", config.error().message);
    auto redact = pipeline::outbound_redaction(*config);
    if (!redact)
        return stop_with("run", redact.error().message);
    views::Terminal terminal{options.json ? stderr : stdout, stderr,
                             !options.no_color && !options.json};
    std::ostream& out = options.json ? std::cerr : std::cout;
    auto request = request_of(options, *config);
    std::optional<clients::GitHubConnection> github;
    if (request.publish_mode == PublishMode::github) {
        auto connected =
            clients::connect_for_publishing(*config, options.repo, options.remote, curl);
        if (!connected)
            return stop_with("run", connected.error().message);
        github.emplace(std::move(*connected));
        out << "Publishing to " << github->target->repo.full_name() << " (base "
            << github->target->base_branch << ") as " << github->session->token->kind() << "\n";
    }
    auto* const target = github ? &*github->target : nullptr;
    auto learning = clients::open_local_learning(
        options.state_dir, clients::learning_repository(options.repo, *config, target));
    if (!learning)
        return stop_with("run", learning.error().message);
    if (learning->store)
        if (auto guided = clients::guide_by_outcomes(*learning->store, learning->repository,
                                                     config->publish.max_attempts, request);
            !guided)
            return stop_with("run", guided.error().message);
    http::CurlHttpClient model_http(curl);
    http::RealSleeper sleeper;
    process::PosixProcessRunner runner;
    TerminalObserver observer(terminal, out);
    pipeline::RunContext context{*config, model_http, sleeper, runner, observer, target, *redact};
    auto report = pipeline::run(request, context);
    if (!report)
        return stop_with("run", report.error().message);
    if (learning->store)
        if (auto recorded = clients::record_attempts(*learning->store, learning->repository,
                                                     request.out, *report);
            !recorded)
            views::print_warning("attempts not recorded in " + options.state_dir + ": " +
                                 recorded.error().message);
    print_report(*report, options, terminal, out);
    bool const all_settled =
        std::all_of(report->fixes.begin(), report->fixes.end(),
                    [](const FixRecord& fix) { return is_settled(fix.status); });
    return all_settled ? k_exit_ok : k_exit_findings;
}

} // namespace

void add_run_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl) {
    auto options = std::make_shared<RunOptions>();
    auto* command = app.add_subcommand(
        "run", "The whole pipeline: detect, locate, draft, generate tests, validate, publish");
    command->add_option("--repo", options->repo, "The repository (a git checkout; never written)")
        ->capture_default_str();
    auto* telemetry = command->add_option("-t,--telemetry", options->telemetry,
                                          "Telemetry files, as for medic detect");
    command
        ->add_option("--anomalies", options->anomalies,
                     "Start from this anomaly report (medic detect's, or CI's) instead of "
                     "telemetry: detection is skipped")
        ->excludes(telemetry);
    command->add_option("-b,--baseline", options->baseline,
                        "Earlier telemetry to compare with, as for medic detect (regressions)");
    command->add_option("-c,--config", options->config_path,
                        "Configuration file (default: <repo>/.github/medic.yml when present)");
    command->add_option("--build-dir", options->build_dir,
                        "Directory with compile_commands.json for the code analysis");
    command
        ->add_option("--provider", options->provider, "rules, openai or anthropic (as medic fix)")
        ->check(CLI::IsMember({"rules", "openai", "anthropic"}));
    command
        ->add_option("--publish", options->publish,
                     "local: commit each validated fix on its branch and push it; github: "
                     "also open or update its pull request (token in $GITHUB_TOKEN or a GitHub "
                     "App, see medic doctor); none: only validate (default: publish.mode, local)")
        ->check(CLI::IsMember({"local", "github", "none"}));
    command->add_option("--remote", options->remote,
                        "Where branches are pushed (default: publish.remote; else, local: origin "
                        "or a bare repository <out>/remote.git; github: the repository's HTTPS "
                        "URL)");
    command->add_option("-o,--out", options->out, "Folder for the report, verdicts and PR bodies")
        ->capture_default_str();
    command->add_option(
        "--work-dir", options->work_dir,
        "Validation worktree and warm build (default: ~/.cache/medic/validate/...)");
    command->add_option("--templates", options->templates, "Medic's templates folder");
    command->add_option("--only", options->only,
                        "Work on these anomaly ids only (from medic detect's report)");
    command->add_option("--state-dir", options->state_dir,
                        "Learn from and add to the records in DIR/medic.sqlite3 (medic serve's "
                        "store): strategies ranked by earlier outcomes, changes reviewers "
                        "rejected never proposed again, each drafted fix recorded as an attempt "
                        "(medic outcomes --state-dir DIR reads them)");
    command->add_flag("--json", options->json,
                      "Print the run report (medic.run/v1, as written to <out>/run.json) on "
                      "stdout; progress and the table go to stderr");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic run --repo . --telemetry events.jsonl logs.jsonl
  medic run --repo . -t today.otlp.jsonl.gz -b last-week.otlp.jsonl.gz --json > run.json
  medic run --repo services/shop -t today.jsonl --publish none --out /tmp/medic
  medic run --repo . --anomalies ci-anomalies.json --only 69ecf7a193c7dde9
  medic run --repo . -t events.jsonl --state-dir ~/.local/state/medic && medic outcomes --state-dir ~/.local/state/medic
  medic run --repo . -t traces.otlp.jsonl --remote git@example.com:team/shop.git
  GITHUB_TOKEN=... medic run --repo . -t events.jsonl --publish github

Each fix is validated in a git worktree of its own (validate: in medic.yml says how to build and
test); only validated fixes are published, on medic/<kind>/<handler>-<fingerprint>. A re-run with
the same anomalies updates the same branches and pull requests. With --publish github the
policy in publish: applies (max_open_prs, max_new_per_hour, auto_merge); fixes over the limits
are "held" and published by a later run. Exit codes: 0 every anomaly fixed and validated,
1 some were not (the table says why), 2 usage or setup error.)");
    command->callback([options, &exit_code, &curl] { exit_code = run_pipeline(*options, curl); });
}

} // namespace medic::cli
