#include "bot/cli/run_command.hpp"

#include "analyzers/anomaly/detect.hpp"
#include "analyzers/telemetry/ingest.hpp"
#include "bot/cli/detect_command.hpp"
#include "bot/cli/draft_run.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/cli/github_session.hpp"
#include "bot/cli/proving.hpp"
#include "bot/cli/repo_config.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "bot/model/text_file.hpp"
#include "bot/model/time.hpp"
#include "bot/pipeline/github_publishing.hpp"
#include "bot/process/posix_process_runner.hpp"
#include "bot/validate/worktree.hpp"

#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>

namespace medic::cli {
namespace {

namespace fs = std::filesystem;

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
    bool json = false;             ///< The run report on stdout; people's lines on stderr.
    bool no_color = false;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Everything one run carries from stage to stage.
struct Run {
    Run(const RunOptions& run_options, MedicConfig run_config)
        : options(run_options), config(std::move(run_config)) {}

    const RunOptions& options;
    MedicConfig config;
    Terminal terminal{options.json ? stderr : stdout, stderr, !options.no_color && !options.json};
    /// Where lines for people go: stdout, or stderr when stdout carries the JSON report.
    std::ostream& out = options.json ? std::cerr : std::cout;
    pipeline::StageTimes times;
    std::vector<Anomaly> anomalies;
    std::optional<Analysis> analysis;
    std::vector<pipeline::FixResult> results;
    std::unique_ptr<GitHubSession> github_session; ///< publish: github
    std::optional<pipeline::GitHubTarget> github_target;
    std::function<void(std::string&)> redact; ///< outbound_redaction of the config
};

template <typename Work>
auto stage(Run& run, const std::string& name, Work&& work) {
    auto const started = std::chrono::steady_clock::now();
    run.terminal.progress(name + "…");
    auto result = work();
    run.terminal.end_progress();
    run.times[name] += seconds_since(started);
    return result;
}

Result<void> detect(Run& run) {
    auto summary = read_telemetry(run.options.telemetry, run.config, run.terminal);
    if (!summary)
        return std::unexpected(summary.error());
    std::optional<TelemetrySummary> baseline;
    if (!run.options.baseline.empty()) {
        auto read = read_telemetry(run.options.baseline, run.config, run.terminal);
        if (!read)
            return fail(read.error().code, "baseline: " + read.error().message);
        baseline = std::move(*read);
    }
    run.anomalies =
        anomaly::detect({*summary, baseline ? &*baseline : nullptr, run.config, nullptr});
    if (!run.options.only.empty())
        std::erase_if(run.anomalies, [&](const Anomaly& a) {
            return std::find(run.options.only.begin(), run.options.only.end(), a.id) ==
                   run.options.only.end();
        });
    AnomalyReport report{format_rfc3339_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count()),
                         join(run.options.telemetry, ","), run.anomalies, summary->ingest,
                         baseline ? nlohmann::json(baseline->ingest) : nlohmann::json()};
    if (auto written = write_text_file(fs::path(run.options.out) / "anomalies.json",
                                       to_json_text(report, 2) + "\n");
        !written)
        return written;
    run.out << run.anomalies.size() << " anomalies in " << run.options.telemetry.size()
            << " telemetry file(s); " << summary->ingest.malformed_total
            << " malformed line(s) skipped\n";
    for (auto const* ingest : {&summary->ingest, baseline ? &baseline->ingest : nullptr})
        if (ingest != nullptr)
            if (auto const unread = telemetry::unread_inputs(*ingest); !unread.empty())
                return fail(ErrorCode::invalid_input, "nothing was read from " + unread);
    return {};
}

Result<void> locate(Run& run) {
    auto targets = targets_of_anomalies({}, run.anomalies);
    code::ProjectOptions project{
        run.options.repo, run.options.build_dir, 0,
        [&run](std::string_view status) { run.terminal.progress(status); }};
    project.vendored = run.config.code.vendored;
    auto analysis = analyze_targets(project, targets);
    if (!analysis)
        return std::unexpected(analysis.error());
    run.analysis = std::move(*analysis);
    return {};
}

/// Drafts every anomaly; those without a draft go straight into the results.
std::vector<std::pair<Anomaly, PatchDraft>> draft_all(Run& run, const http::CurlGlobal& curl) {
    Model model(curl);
    auto const strategies = strategies_for(run.options.provider, run.options.templates,
                                           run.options.repo, run.config, model);
    FixRun fix_run(run.anomalies, *run.analysis, run.config, strategies, model, run.options.repo);
    std::vector<std::pair<Anomaly, PatchDraft>> drafts;
    for (auto const& anomaly : run.anomalies) {
        run.terminal.progress("drafting a fix for " + anomaly.id);
        auto outcome = fix_run.draft(anomaly);
        if (outcome.draft) {
            drafts.emplace_back(anomaly, std::move(*outcome.draft));
            continue;
        }
        pipeline::FixResult result;
        result.anomaly = anomaly;
        result.status = outcome.covered ? "covered" : "no draft";
        result.reason = join(outcome.reasons, "; ");
        run.redact(result.reason); // a model's error may quote its answer
        run.results.push_back(std::move(result));
    }
    return drafts;
}

/// Connects to GitHub before any work is done, so a bad token fails the run at once.
Result<void> connect(Run& run, const http::CurlGlobal& curl) {
    auto session = open_github_session(run.config.github, run.options.repo, curl);
    if (!session)
        return std::unexpected(session.error());
    run.github_session = std::move(*session);
    auto target = pipeline::connect_github(*run.github_session->api, run.config, run.options.repo,
                                           run.options.remote);
    if (!target)
        return std::unexpected(target.error());
    run.github_target.emplace(std::move(*target));
    run.out << "Publishing to " << run.github_target->repo.full_name() << " (base "
            << run.github_target->base_branch << ") as " << run.github_session->token->kind()
            << "\n";
    return {};
}

std::string publish_mode(const Run& run) {
    return run.options.publish.empty() ? run.config.publish.mode : run.options.publish;
}

Result<pipeline::FixContext> fix_context(Run& run, process::PosixProcessRunner& runner,
                                         std::string base_commit) {
    auto const mode = publish_mode(run);
    std::string remote;
    if (mode == "local") {
        auto const configured =
            run.options.remote.empty() ? run.config.publish.remote : run.options.remote;
        auto resolved = pipeline::local_remote(run.options.repo, configured,
                                               fs::path(run.options.out) / "remote.git");
        if (!resolved)
            return std::unexpected(resolved.error());
        remote = *resolved;
    }
    return pipeline::FixContext{run.options.repo,
                                std::move(base_commit),
                                run.config,
                                template_dirs_for(run.options.templates, run.options.repo),
                                work_dir_for(run.options.work_dir, run.options.repo),
                                run.options.out,
                                runner,
                                mode,
                                remote,
                                run.github_target ? &*run.github_target : nullptr,
                                [&run](std::string_view status) { run.terminal.progress(status); },
                                run.redact};
}

/// The repository's own benchmarks that call the anomaly's handler, from the analysis.
pipeline::ProofMeans proof_means(const Run& run, const Anomaly& anomaly) {
    pipeline::ProofMeans means;
    for (auto const& site : run.analysis->result.sites)
        if (!anomaly.handler.empty() && site.handler == anomaly.handler)
            means.repo_benchmarks = site.benchmarks;
    return means;
}

void prove_all(Run& run, pipeline::FixContext& context,
               const std::vector<std::pair<Anomaly, PatchDraft>>& drafts) {
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        auto const& [anomaly, draft] = drafts[i];
        auto const means = proof_means(run, anomaly);
        run.out << "[" << i + 1 << "/" << drafts.size() << "] " << to_string(anomaly.kind) << " "
                << draft.handler << ": validating the " << draft.fixer << " fix"
                << (means.repo_benchmarks.empty() || (anomaly.kind != AnomalyKind::slow &&
                                                      anomaly.kind != AnomalyKind::trend)
                        ? ""
                        : " with its own benchmark " + means.repo_benchmarks.front().name)
                << "\n";
        auto result = pipeline::prove_and_publish(anomaly, draft, context, means);
        run.terminal.end_progress();
        run.out << "      " << result.status << ": "
                << result.reason.substr(0, result.reason.find('\n')) << "\n";
        for (auto const& warning : result.warnings)
            run.out << "      " << run.terminal.yellow("warning: ") << warning << "\n";
        for (auto const& [name, seconds] : result.times)
            run.times[name] += seconds;
        run.results.push_back(std::move(result));
    }
}

int usage_error(const Error& error) {
    std::cerr << "medic run: " << error.message << "\n";
    return k_exit_usage;
}

double command_seconds(const std::vector<pipeline::FixResult>& results) {
    double total = 0;
    for (auto const& r : results)
        total += r.verdict ? r.verdict->command_seconds : 0;
    return total;
}

void report(Run& run, double wall) {
    auto const commands = command_seconds(run.results);
    run.out << "\n"
            << results_table(run.results, run.terminal) << "\n"
            << run.terminal.dim(stage_times_line(run.times, wall, commands)) << "\n";
    auto const report =
        to_json_text(results_json(run.results, run.times, wall, commands), 2) + "\n";
    if (auto written = write_text_file(fs::path(run.options.out) / "run.json", report); !written)
        std::cerr << "medic run: " << written.error().message << "\n";
    if (run.options.json)
        std::cout << report;
    run.out << "Verdicts and PR bodies: " << run.options.out
            << "/<anomaly id>/{verdict.json,pull-request.md}; summary: " << run.options.out
            << "/run.json\n";
}

int run_pipeline(const RunOptions& options, const http::CurlGlobal& curl) {
    auto const started = std::chrono::steady_clock::now();
    auto config = resolve_config(options.config_path, options.repo);
    if (!config)
        return usage_error(config.error());
    Run run{options, std::move(*config)};
    auto redact = outbound_redaction(run.config);
    if (!redact)
        return usage_error(redact.error());
    run.redact = std::move(*redact);
    fs::create_directories(options.out);
    auto base = validate::resolve_commit(options.repo, "HEAD");
    if (!base)
        return usage_error(base.error());
    if (publish_mode(run) == "github")
        if (auto connected = connect(run, curl); !connected)
            return usage_error(connected.error());
    if (auto detected = stage(run, "detect", [&] { return detect(run); }); !detected)
        return usage_error(detected.error());
    if (run.anomalies.empty()) {
        run.out << "Nothing to fix.\n";
        if (options.json)
            std::cout << to_json_text(results_json({}, run.times, seconds_since(started), 0), 2)
                      << "\n";
        return k_exit_ok;
    }
    if (auto located = stage(run, "locate", [&] { return locate(run); }); !located)
        return usage_error(located.error());
    auto const drafts = stage(run, "draft", [&] { return draft_all(run, curl); });
    process::PosixProcessRunner runner;
    auto context = fix_context(run, runner, *base);
    if (!context)
        return usage_error(context.error());
    prove_all(run, *context, drafts);
    report(run, seconds_since(started));
    bool const all_proved = std::all_of(run.results.begin(), run.results.end(), [](auto const& r) {
        return r.status == "published" || r.status == "validated" || r.status == "held" ||
               r.status == "covered";
    });
    return all_proved ? k_exit_ok : k_exit_findings;
}

} // namespace

void add_run_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl) {
    auto options = std::make_shared<RunOptions>();
    auto* command = app.add_subcommand(
        "run", "The whole pipeline: detect, locate, draft, generate tests, validate, publish");
    command->add_option("--repo", options->repo, "The repository (a git checkout; never written)")
        ->capture_default_str();
    command
        ->add_option("-t,--telemetry", options->telemetry, "Telemetry files, as for medic detect")
        ->required();
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
    command->add_flag("--json", options->json,
                      "Print the run report (medic.run/v1, as written to <out>/run.json) on "
                      "stdout; progress and the table go to stderr");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic run --repo . --telemetry events.jsonl logs.jsonl
  medic run --repo . -t today.otlp.jsonl.gz -b last-week.otlp.jsonl.gz --json > run.json
  medic run --repo services/shop -t today.jsonl --publish none --out /tmp/medic
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
