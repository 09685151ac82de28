#include "bot/pipeline/run.hpp"

#include "analyzers/anomaly/detect.hpp"
#include "analyzers/telemetry/ingest.hpp"
#include "bot/git/worktree.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"
#include "bot/model/text.hpp"
#include "bot/model/text_file.hpp"
#include "bot/model/time.hpp"
#include "bot/pipeline/analysis.hpp"
#include "bot/pipeline/detection.hpp"
#include "bot/pipeline/draft_run.hpp"
#include "bot/pipeline/run_setup.hpp"
#include "bot/validate/worktree.hpp"

#include <algorithm>
#include <chrono>

namespace medic::pipeline {
namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// What the stages hand each other within one run.
struct RunState {
    const RunRequest& request;
    RunContext& context;
    StageTimes times;
    std::vector<Anomaly> anomalies;
    std::optional<Analysis> analysis;
    std::vector<FixResult> results;
};

/// Runs `work` as stage `name`: its time counted, its progress shown.
template <typename Work>
auto stage(RunState& run, const std::string& name, Work&& work) {
    auto const started = std::chrono::steady_clock::now();
    run.context.observer.progress(name + "…");
    auto result = work();
    run.context.observer.end_progress();
    run.times[name] += seconds_since(started);
    return result;
}

void keep_only(const std::vector<std::string>& ids, std::vector<Anomaly>& anomalies) {
    if (ids.empty())
        return;
    std::erase_if(anomalies, [&](const Anomaly& anomaly) {
        return std::find(ids.begin(), ids.end(), anomaly.id) == ids.end();
    });
}

/// Moves the anomalies the request leaves alone into the results, as held with the reason.
void hold_back(RunState& run) {
    std::erase_if(run.anomalies, [&](const Anomaly& anomaly) {
        auto const held = run.request.held.find(anomaly.id);
        if (held == run.request.held.end())
            return false;
        FixResult result;
        result.anomaly = anomaly;
        result.status = FixStatus::held;
        result.reason = held->second;
        run.results.push_back(std::move(result));
        return true;
    });
}

/// The detect stage of a run given an anomaly report: its anomalies, copied to the output.
Result<void> read_anomaly_report(RunState& run) {
    auto const& request = run.request;
    MEDIC_TRY(report, read_report(request.anomaly_report));
    run.anomalies = std::move(report->anomalies);
    keep_only(request.only, run.anomalies);
    report->anomalies = run.anomalies;
    MEDIC_RETURN_IF_ERROR(
        write_text_file(request.out / "anomalies.json", to_json_text(*report, 2) + "\n"));
    run.context.observer.note(std::to_string(run.anomalies.size()) + " anomalies in " +
                              request.anomaly_report);
    return {};
}

Result<void> detect(RunState& run) {
    auto const& request = run.request;
    if (!request.anomaly_report.empty())
        return read_anomaly_report(run);
    if (request.telemetry.empty())
        return fail(ErrorCode::invalid_input, "nothing to work from: give telemetry files or an "
                                              "anomaly report");
    auto& observer = run.context.observer;
    auto const progress = [&observer](std::string_view status) { observer.progress(status); };
    MEDIC_TRY(inputs, read_telemetry_inputs(request.telemetry, request.baseline, run.context.config,
                                            progress));
    auto const* baseline = inputs->baseline ? &*inputs->baseline : nullptr;
    run.anomalies = anomaly::detect({inputs->current, baseline, run.context.config, nullptr});
    keep_only(request.only, run.anomalies);
    auto const report = anomaly_report(*inputs, run.anomalies, run.context.clock);
    MEDIC_RETURN_IF_ERROR(
        write_text_file(request.out / "anomalies.json", to_json_text(report, 2) + "\n"));
    observer.note(std::to_string(run.anomalies.size()) + " anomalies in " +
                  std::to_string(request.telemetry.size()) + " telemetry file(s); " +
                  std::to_string(inputs->current.ingest.malformed_total) +
                  " malformed line(s) skipped");
    if (auto const unread = unread_inputs(*inputs); !unread.empty())
        return fail(ErrorCode::invalid_input, "nothing was read from " + unread);
    return {};
}

Result<void> locate(RunState& run) {
    auto& observer = run.context.observer;
    code::ProjectOptions project{
        run.request.repo, run.request.build_dir, 0,
        [&observer](std::string_view status) { observer.progress(status); }};
    project.vendored = run.context.config.code.vendored;
    MEDIC_TRY(analysis, analyze_targets(
                            project, targets_of_anomalies({}, run.anomalies),
                            [&observer](std::string_view warning) { observer.warning(warning); }));
    run.analysis = std::move(*analysis);
    return {};
}

/// Drafts every anomaly; those without a draft go straight into the results.
std::vector<std::pair<Anomaly, PatchDraft>> draft_all(RunState& run) {
    auto& context = run.context;
    Model model(context.model_http, context.model_sleeper);
    auto const strategies = strategies_for(run.request.provider, run.request.templates,
                                           run.request.repo, context.config, model);
    FixRun fix_run(run.anomalies, *run.analysis, context.config, strategies, model,
                   run.request.repo, run.request.guidance);
    std::vector<std::pair<Anomaly, PatchDraft>> drafts;
    for (auto const& anomaly : run.anomalies) {
        context.observer.progress("drafting a fix for " + anomaly.id);
        auto outcome = fix_run.draft(anomaly);
        if (outcome.draft) {
            drafts.emplace_back(anomaly, std::move(*outcome.draft));
            continue;
        }
        FixResult result;
        result.anomaly = anomaly;
        result.status = outcome.covered ? FixStatus::covered : FixStatus::no_draft;
        result.reason = join(outcome.reasons, "; ");
        context.redact(result.reason); // a model's error may quote its answer
        run.results.push_back(std::move(result));
    }
    return drafts;
}

Result<FixContext> fix_context(RunState& run, std::string base_commit) {
    auto const& request = run.request;
    auto& context = run.context;
    std::string remote;
    if (request.publish_mode == PublishMode::local) {
        auto const configured =
            request.remote.empty() ? context.config.publish.remote : request.remote;
        MEDIC_TRY(resolved, local_remote(request.repo, configured, request.out / "remote.git"));
        remote = *resolved;
    }
    return FixContext{request.repo,
                      std::move(base_commit),
                      context.config,
                      template_dirs_for(request.templates, request.repo),
                      request.work_dir,
                      request.out,
                      context.runner,
                      request.publish_mode,
                      remote,
                      context.github,
                      [&context](std::string_view status) { context.observer.progress(status); },
                      context.redact,
                      request.branch_leases,
                      context.may_publish};
}

/// The repository's own benchmarks that call the anomaly's handler, from the analysis.
ProofMeans proof_means(const Analysis& analysis, const Anomaly& anomaly) {
    ProofMeans means;
    for (auto const& site : analysis.result.sites)
        if (!anomaly.handler.empty() && site.handler == anomaly.handler)
            means.repo_benchmarks = site.benchmarks;
    return means;
}

void prove_all(RunState& run, FixContext& fixes,
               const std::vector<std::pair<Anomaly, PatchDraft>>& drafts) {
    auto& observer = run.context.observer;
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        auto const& [anomaly, draft] = drafts[i];
        auto const means = proof_means(*run.analysis, anomaly);
        observer.proving(i, drafts.size(), anomaly, draft, means);
        auto result = prove_and_publish(anomaly, draft, fixes, means);
        observer.end_progress();
        observer.proved(result);
        for (auto const& [name, seconds] : result.times)
            run.times[name] += seconds;
        run.results.push_back(std::move(result));
    }
}

RunReport report_of(const RunState& run, double wall_seconds) {
    RunReport report;
    for (auto const& result : run.results)
        report.fixes.push_back(record_of(result));
    report.stage_seconds = run.times;
    report.wall_seconds = wall_seconds;
    report.command_seconds = command_seconds_of(report.fixes);
    return report;
}

Result<RunReport> run_stages(RunState& run, std::chrono::steady_clock::time_point started) {
    MEDIC_TRY(base, git::resolve_commit(run.request.repo, "HEAD"));
    MEDIC_RETURN_IF_ERROR(stage(run, "detect", [&] { return detect(run); }));
    hold_back(run);
    if (run.anomalies.empty())
        return report_of(run, seconds_since(started));
    MEDIC_RETURN_IF_ERROR(stage(run, "locate", [&] { return locate(run); }));
    auto const drafts = stage(run, "draft", [&] { return draft_all(run); });
    MEDIC_TRY(fixes, fix_context(run, *base));
    prove_all(run, *fixes, drafts);
    return report_of(run, seconds_since(started));
}

} // namespace

Result<RunReport> run(const RunRequest& request, RunContext& context) {
    auto const started = std::chrono::steady_clock::now();
    std::error_code ignored;
    fs::create_directories(request.out, ignored);
    RunState state{request, context, {}, {}, {}, {}};
    auto report = run_stages(state, started);
    if (!report)
        return report;
    MEDIC_RETURN_IF_ERROR(
        write_text_file(request.out / "run.json", to_json_text(*report, 2) + "\n"));
    return report;
}

} // namespace medic::pipeline
