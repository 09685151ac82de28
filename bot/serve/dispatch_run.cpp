#include "bot/serve/dispatch_run.hpp"

#include "bot/clients/github_session.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/git/remote.hpp"
#include "bot/http/real_sleeper.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/github_publishing.hpp"
#include "bot/pipeline/run.hpp"
#include "bot/pipeline/run_setup.hpp"
#include "bot/process/posix_process_runner.hpp"
#include "github/repository.hpp"

#include <map>

namespace medic::serve {
namespace {

namespace fs = std::filesystem;

/// What a run says goes to the server's log, prefixed with its delivery.
class LogObserver final : public pipeline::RunObserver {
public:
    LogObserver(const Log& log, std::string prefix) : m_log(log), m_prefix(std::move(prefix)) {}
    void note(std::string_view line) override { m_log(m_prefix + std::string(line)); }
    void warning(std::string_view line) override {
        m_log(m_prefix + "warning: " + std::string(line));
    }
    void proved(const pipeline::FixResult& result) override {
        m_log(m_prefix + result.anomaly.id + ": " + std::string(to_string(result.status)) +
              (result.reason.empty() ? "" : " (" + result.reason + ")"));
    }

private:
    const Log& m_log;
    std::string m_prefix;
};

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

} // namespace

PipelineReportRunner::PipelineReportRunner(MedicConfig server_config, fs::path state_dir,
                                           const http::CurlGlobal& curl, Log log)
    : m_server_config(std::move(server_config)), m_state_dir(std::move(state_dir)), m_curl(curl),
      m_log(std::move(log)) {}

std::mutex& PipelineReportRunner::lock_for(const std::string& repository) {
    std::lock_guard lock(m_locks_mutex);
    auto& slot = m_locks[repository];
    if (!slot)
        slot = std::make_unique<std::mutex>();
    return *slot;
}

Result<std::string> PipelineReportRunner::run_report(const ReportRun& run) {
    std::lock_guard repository_lock(lock_for(run.repository));
    MEDIC_TRY(ref, github::parse_repo_ref(run.repository));
    GitHubConfig github = m_server_config.github;
    github.repository = run.repository;
    if (!github.app_id.empty() && run.installation_id > 0)
        github.installation_id = run.installation_id;
    MEDIC_TRY(session, clients::open_github_session(github, m_state_dir, m_curl));
    auto& api = *(*session)->api;
    // GitHub's state now, not the payload's: the default branch and where to clone from.
    MEDIC_TRY(repository, api.get(ref->path()));
    auto const branch = repository->value("default_branch", std::string("main"));
    auto const clone_url = repository->value("clone_url", github::clone_url(github.api_url, *ref));
    MEDIC_TRY(token, (*session)->token->token());
    auto const checkout = m_state_dir / "repos" / ref->owner / ref->name;
    MEDIC_TRY(commit,
              git::checkout_remote_branch(checkout, clone_url, branch, {*token, github.ca_file}));

    MEDIC_TRY(config, resolve_config("", checkout.string()));
    config->github = github;
    config->publish.mode = PublishMode::github;
    config->publish.remote = clone_url;
    auto const out = m_state_dir / "runs" / run.delivery_id;
    auto const report_file = out / "anomaly-report.json";
    MEDIC_RETURN_IF_ERROR(write_text_file(report_file, to_json_text(run.report, 2) + "\n"));
    MEDIC_TRY(redact, pipeline::outbound_redaction(*config));
    MEDIC_TRY(target, pipeline::connect_github(api, *config, checkout, clone_url));

    pipeline::RunRequest request;
    request.repo = checkout;
    request.publish_mode = PublishMode::github;
    request.remote = clone_url;
    request.out = out;
    request.work_dir = m_state_dir / "work" / ref->owner / ref->name;
    request.anomaly_report = report_file.string();
    http::CurlHttpClient model_http(m_curl);
    http::RealSleeper sleeper;
    process::PosixProcessRunner runner;
    LogObserver observer(m_log, run.delivery_id + ": ");
    pipeline::RunContext context{*config,  model_http, sleeper,           runner,
                                 observer, &*target,   std::move(*redact)};
    MEDIC_TRY(report, pipeline::run(request, context));
    return summary(run.repository, *commit, *report);
}

} // namespace medic::serve
