#pragma once
// What the workers do on GitHub, as the App: an anomaly report that arrived by
// repository_dispatch becomes a pipeline run on the repository, published as pull requests and
// recorded in the store (dispatch_run.cpp); a published pull request whose checks completed is
// merged when the repository's policy allows it (merge_decision.cpp); a `/medic` command in a
// comment is answered when its author may push (command_answers.cpp); a push to the default
// branch marks the published pull requests that no longer merge into it (conflict_marking.cpp);
// and, periodically, the open ones are read again so a missed event is made good
// (pull_request_reread.cpp).
// Each reads GitHub's current state first (repository_access.hpp): payloads are hints. One
// action per repository at a time (workers of one process).

#include "bot/http/curl_http_client.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/config.hpp"
#include "bot/serve/event_processing.hpp"
#include "bot/serve/metrics.hpp"
#include "bot/serve/workers.hpp"
#include "bot/store/store.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace medic::serve {

class GitHubAppActions final : public RepositoryActions {
public:
    /// `server_config`: the server's configuration (its github: section names the App).
    GitHubAppActions(MedicConfig server_config, std::filesystem::path state_dir,
                     store::Store& store, const http::CurlGlobal& curl, ServerMetrics& metrics,
                     Log log);

    Result<std::string> run_report(const ReportRun& run) override;
    Result<std::string> decide_merge(const MergeCandidate& candidate) override;
    Result<std::string> mark_conflicts(const BaseMoved& moved) override;
    Result<std::string> answer_command(const CommandRun& run) override;
    /// Reads each of `repository`'s open published pull requests from GitHub: one that closed
    /// has its outcome recorded (its closed event was missed), one still open at the validated
    /// head gets the merge decision. Returns the outcome lines.
    Result<std::string> reread_open_pull_requests(const std::string& repository);

private:
    std::mutex& lock_for(const std::string& repository);

    MedicConfig m_server_config;
    std::filesystem::path m_state_dir;
    store::Store& m_store;
    const http::CurlGlobal& m_curl;
    ServerMetrics& m_metrics;
    Log m_log;
    std::mutex m_locks_mutex;
    std::map<std::string, std::unique_ptr<std::mutex>> m_locks;
    PermissionCache m_permissions{wall_clock()};
};

/// One pass of the re-read over every repository with open published pull requests, each
/// outcome logged.
void reread_all_open_pull_requests(GitHubAppActions& actions, store::Store& store, const Log& log);

} // namespace medic::serve
