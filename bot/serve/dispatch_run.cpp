#include "bot/clients/learning.hpp"
#include "bot/http/real_sleeper.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/github_publishing.hpp"
#include "bot/pipeline/run.hpp"
#include "bot/pipeline/run_setup.hpp"
#include "bot/process/posix_process_runner.hpp"
#include "bot/serve/app_actions.hpp"
#include "bot/serve/fix_files.hpp"
#include "bot/serve/repository_access.hpp"
#include "bot/serve/zip_archive.hpp"
#include "github/artifacts.hpp"

#include <map>

namespace medic::serve {
namespace {

namespace fs = std::filesystem;

/// What the check_suite decision and the review loop need later: a pull request this run
/// published, and the report it came from.
Result<void> record_published(store::Store& store, const std::string& repository,
                              const FixRecord& fix, const std::string& report) {
    // A pull request whose branch was pushed counts even when a later step failed: the head on
    // GitHub is Medic's, and a push event for it must not read as a person's.
    if (fix.commit.empty() || !fix.pull_request)
        return {};
    store::PublishedFix published{repository,
                                  fix.pull_request->number,
                                  fix.branch,
                                  fix.commit,
                                  fix.anomaly,
                                  fix.strategy,
                                  fix.verdict && fix.verdict->validated,
                                  fix.diff_lines,
                                  {},
                                  {},
                                  fix.reason,
                                  report,
                                  {}};
    return store.record_published_fix(published);
}

/// What a run says goes to the server's log, prefixed with its delivery; each pull request it
/// publishes is recorded at once (its checks may complete before the run ends).
class ServerRunObserver final : public pipeline::RunObserver {
public:
    ServerRunObserver(const Log& log, std::string prefix, store::Store& store,
                      std::string repository, std::string report)
        : m_log(log), m_prefix(std::move(prefix)), m_store(store),
          m_repository(std::move(repository)), m_report(std::move(report)) {}
    void note(std::string_view line) override { m_log(m_prefix + std::string(line)); }
    void warning(std::string_view line) override {
        m_log(m_prefix + "warning: " + std::string(line));
    }
    void proved(const pipeline::FixResult& result) override {
        m_log(m_prefix + result.anomaly.id + ": " + std::string(to_string(result.status)) +
              (result.reason.empty() ? "" : " (" + result.reason + ")"));
        if (auto recorded =
                record_published(m_store, m_repository, pipeline::record_of(result), m_report);
            !recorded)
            m_log(m_prefix + "warning: pull request #" + std::to_string(result.pr_number) +
                  " not recorded for its merge decision: " + recorded.error().message);
    }

private:
    const Log& m_log;
    std::string m_prefix;
    store::Store& m_store;
    std::string m_repository;
    std::string m_report;
};

/// The run's stage times, and what it did to pull requests.
void count_run(ServerMetrics& metrics, const RunReport& report) {
    for (auto const& [stage, seconds] : report.stage_seconds)
        metrics.observe_stage(stage, seconds);
    for (auto const& fix : report.fixes) {
        if (!fix.pull_request)
            continue;
        if (fix.pull_request->action != "unchanged")
            metrics.count_pull_request(fix.pull_request->action);
        if (fix.pull_request->merge == "merged")
            metrics.count_pull_request("merged");
    }
}

/// "acme/shop at 1a2b3c4: 2 fixes — published 1 (#3), held 1".
std::string summary(const std::string& repository, const std::string& commit,
                    const RunReport& report) {
    std::map<std::string, int> statuses;
    std::string pulls;
    for (auto const& fix : report.fixes) {
        ++statuses[std::string(to_string(fix.status))];
        if (fix.pull_request)
            pulls += (pulls.empty() ? "#" : ", #") + std::to_string(fix.pull_request->number);
    }
    auto const fixes = report.fixes.size();
    std::string text = repository + " at " + commit.substr(0, 7) + ": " + std::to_string(fixes) +
                       (fixes == 1 ? " fix" : " fixes");
    std::string counts;
    for (auto const& [status, count] : statuses)
        counts += (counts.empty() ? "" : ", ") + status + " " + std::to_string(count);
    return text + (counts.empty() ? "" : " — " + counts) +
           (pulls.empty() ? "" : "; pull requests " + pulls);
}

/// The largest artifact archive, and report inside it, a run reads.
constexpr std::size_t k_max_artifact_bytes = std::size_t{256} << 20;

/// The report the dispatch carried, or the one in the workflow artifact it named (fetched with
/// the installation's token, from this repository only).
Result<nlohmann::json> report_of(const ReportRun& run, const RepositoryAccess& access,
                                 const http::CurlGlobal& curl) {
    if (run.report.is_object())
        return run.report;
    MEDIC_TRY(id, github::artifact_id_of(run.artifact, access.ref));
    http::CurlHttpClient storage(curl);
    MEDIC_TRY(archive, github::download_artifact(access.api(), storage, access.ref, *id,
                                                 k_max_artifact_bytes));
    auto name = run.artifact_file;
    if (name.empty()) {
        MEDIC_TRY(names, zip_file_names(*archive));
        std::vector<std::string> json_files;
        std::ranges::copy_if(*names, std::back_inserter(json_files),
                             [](const std::string& file) { return file.ends_with(".json"); });
        if (json_files.size() != 1)
            return fail(ErrorCode::invalid_input,
                        "artifact " + std::to_string(*id) + " holds " +
                            std::to_string(json_files.size()) +
                            " .json files: name the report with client_payload."
                            "anomaly_report_file");
        name = json_files.front();
    }
    MEDIC_TRY(text, zip_file(*archive, name, k_max_artifact_bytes));
    auto report = nlohmann::json::parse(*text, nullptr, false);
    if (!report.is_object())
        return fail(ErrorCode::invalid_input,
                    name + " in artifact " + std::to_string(*id) + " is not a JSON report");
    return report;
}

} // namespace

GitHubAppActions::GitHubAppActions(MedicConfig server_config, fs::path state_dir,
                                   store::Store& store, const http::CurlGlobal& curl,
                                   ServerMetrics& metrics, Log log)
    : m_server_config(std::move(server_config)), m_state_dir(std::move(state_dir)), m_store(store),
      m_curl(curl), m_metrics(metrics), m_log(std::move(log)) {}

RepositoryLock& GitHubAppActions::lock_for(const std::string& repository) {
    std::lock_guard lock(m_locks_mutex);
    auto& slot = m_locks[repository];
    if (!slot)
        slot = std::make_unique<RepositoryLock>(m_store, repository, m_log);
    return *slot;
}

Result<RunReport> GitHubAppActions::run_pipeline(RepositoryAccess& access,
                                                 pipeline::RunRequest request,
                                                 const std::string& delivery_id,
                                                 const std::string& repository) {
    MEDIC_TRY(redact, pipeline::outbound_redaction(access.config));
    MEDIC_TRY(target, pipeline::connect_github(access.api(), access.config, access.checkout,
                                               access.clone_url));
    request.repo = access.checkout;
    request.publish_mode = PublishMode::github;
    request.remote = access.clone_url;
    request.work_dir = m_state_dir / "work" / access.ref.owner / access.ref.name;
    // Every branch of an open pull request is pushed only over the commit Medic pushed last: a
    // branch a person took over is refused, never overwritten.
    MEDIC_TRY(open_fixes, m_store.open_published_fixes(repository));
    for (auto const& fix : *open_fixes) {
        request.branch_leases.emplace(fix.branch, fix.head_sha);
        if (!fix.handed_over.empty())
            request.held.emplace(fix.anomaly, "pull request #" + std::to_string(fix.number) +
                                                  " was handed over to " +
                                                  taker_of(fix.handed_over) +
                                                  ": Medic leaves it to them");
    }
    MEDIC_RETURN_IF_ERROR(clients::guide_by_outcomes(m_store, repository,
                                                     access.config.publish.max_attempts, request));
    http::CurlHttpClient model_http(m_curl);
    http::RealSleeper sleeper;
    process::PosixProcessRunner runner;
    ServerRunObserver observer(m_log, delivery_id + ": ", m_store, repository,
                               request.anomaly_report);
    pipeline::RunContext context{access.config, model_http, sleeper,           runner,
                                 observer,      &*target,   std::move(*redact)};
    auto& held = lock_for(repository); // the caller holds it
    context.may_publish = [&held] { return held.still_held(); };
    MEDIC_TRY(report, pipeline::run(request, context));
    count_run(m_metrics, *report);
    if (auto recorded = clients::record_attempts(m_store, repository, request.out, *report);
        !recorded)
        m_log(delivery_id +
              ": warning: attempts not recorded for learning: " + recorded.error().message);
    MEDIC_RETURN_IF_ERROR(count_attempts(access, repository, *report));
    return report;
}

Result<std::string> GitHubAppActions::run_report(const ReportRun& run) {
    std::lock_guard repository_lock(lock_for(run.repository));
    MEDIC_TRY(access, open_repository(m_server_config, m_state_dir, m_curl, run.repository,
                                      run.installation_id, m_metrics));
    auto const out = m_state_dir / "runs" / run.delivery_id;
    auto const report_file = out / "anomaly-report.json";
    MEDIC_TRY(report_json, report_of(run, *access, m_curl));
    MEDIC_RETURN_IF_ERROR(write_text_file(report_file, to_json_text(*report_json, 2) + "\n"));
    pipeline::RunRequest request;
    request.out = out;
    request.anomaly_report = report_file.string();
    MEDIC_TRY(report, run_pipeline(*access, std::move(request), run.delivery_id, run.repository));
    auto line = summary(run.repository, access->commit, *report);
    if (run.complete) {
        MEDIC_TRY(closed, close_resolved_escalations(*access, run.repository, *report_json));
        line += *closed;
    }
    return line;
}

} // namespace medic::serve
