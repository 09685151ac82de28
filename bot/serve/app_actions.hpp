#pragma once
// What the workers do on GitHub, as the App: an anomaly report that arrived by
// repository_dispatch becomes a pipeline run on the repository, published as pull requests and
// recorded in the store (dispatch_run.cpp); a published pull request whose checks completed is
// merged when the repository's policy allows it (merge_decision.cpp); a `/medic` command in a
// comment, or a review requesting changes, is answered when its author may push
// (command_answers.cpp), a retry or revision running the fix again (fix_reruns.cpp); a person's
// push to a Medic branch hands its pull request over (fix_reruns.cpp); a push to the default
// branch marks the published pull requests that no longer merge into it and brings those onto
// the new base (conflict_marking.cpp); an anomaly Medic failed to fix too often gets an issue
// for people, closed when the anomaly is gone (escalation.cpp); and, periodically, the open
// pull requests are read again so a missed event is made good (pull_request_reread.cpp).
// Each reads GitHub's current state first (repository_access.hpp): payloads are hints. One
// action per repository at a time, among the workers of every process sharing the store
// (repository_lock.hpp): two commands on one pull request never run at once.

#include "bot/http/curl_http_client.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/config.hpp"
#include "bot/model/run_report.hpp"
#include "bot/pipeline/run.hpp"
#include "bot/serve/event_processing.hpp"
#include "bot/serve/metrics.hpp"
#include "bot/serve/production_comment.hpp"
#include "bot/serve/repository_access.hpp"
#include "bot/serve/repository_lock.hpp"
#include "bot/serve/workers.hpp"
#include "bot/store/store.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace medic::serve {

/// Why a published fix runs again: a person's `/medic retry` or `/medic revise` (or a review
/// requesting changes), or its base moved under it and it conflicts.
enum class RerunReason { retry, revise, rebase };

struct FixRerun {
    RerunReason reason = RerunReason::retry;
    std::string delivery_id;
    std::string repository;
    store::PublishedFix fix;
    std::optional<Revision> revision; ///< For revise: the reviewer's words.
};

/// How a re-run went: a line for the job's outcome, and what the pull request is told.
struct RerunOutcome {
    bool updated = false; ///< The branch holds a new commit.
    std::string line;
    std::string comment;
};

class GitHubAppActions final : public RepositoryActions {
public:
    /// `server_config`: the server's configuration (its github: section names the App).
    GitHubAppActions(MedicConfig server_config, std::filesystem::path state_dir,
                     store::Store& store, const http::CurlGlobal& curl, ServerMetrics& metrics,
                     Log log);

    Result<std::string> run_report(const ReportRun& run) override;
    Result<std::string> decide_merge(const MergeCandidate& candidate) override;
    Result<std::string> mark_conflicts(const BaseMoved& moved) override;
    Result<std::string> answer_command(const CommandRun& given) override;
    Result<std::string> hand_over(const BranchPushed& pushed) override;
    Result<std::string> tell_production(const ProductionTold& told) override;
    /// Reads each of `repository`'s open published pull requests from GitHub: one that closed
    /// has its outcome recorded (its closed event was missed), one still open at the validated
    /// head gets the merge decision. Returns the outcome lines.
    Result<std::string> reread_open_pull_requests(const std::string& repository);

private:
    /// The lock that keeps every other worker, in this process or another sharing the store,
    /// off `repository` while it is held.
    RepositoryLock& lock_for(const std::string& repository);
    /// Reverts the merged fix `check` found worse: proved, pushed and opened as a pull request
    /// (production_revert.cpp); the repository's lock is held.
    Result<RevertPull> open_revert(const store::ProductionCheck& check,
                                   std::int64_t installation_id);
    /// Runs the pipeline on `access`'s clone, publishing to GitHub: each pull request it
    /// publishes is recorded, and each fix counts as an attempt at its anomaly.
    Result<RunReport> run_pipeline(RepositoryAccess& access, pipeline::RunRequest request,
                                   const std::string& delivery_id, const std::string& repository);
    /// Runs one published fix again (the caller holds the repository's lock).
    Result<RerunOutcome> rerun_fix(RepositoryAccess& access, const FixRerun& rerun);
    /// Marks whether `fix` conflicts with the moved base and, when it does, rebases it.
    Result<std::string> bring_up_to_date(RepositoryAccess& access, const BaseMoved& moved,
                                         const store::PublishedFix& fix);
    /// Brings `fix`, which conflicts with the moved base, onto it (unless a person took it over).
    Result<std::string> rebase(RepositoryAccess& access, const BaseMoved& moved,
                               const store::PublishedFix& fix);
    /// Records the pull request as handed over to `who` and says so on it, once.
    Result<std::string> record_hand_over(const RepositoryAccess& access,
                                         const store::PublishedFix& fix, const std::string& who);
    /// Answers revise and retry (the caller holds the repository's lock).
    Result<std::string> answer_rerun(const CommandRun& run, const std::string& marker);
    /// Counts each fix of `report` as an attempt at its anomaly; one that failed
    /// publish.max_attempts times gets (or keeps) its escalation issue.
    Result<void> count_attempts(const RepositoryAccess& access, const std::string& repository,
                                const RunReport& report);
    /// Opens (or brings up to date) the escalation issue of `fix`'s anomaly.
    Result<void> escalate(const RepositoryAccess& access, const std::string& repository,
                          const FixRecord& fix, const store::FixAttempts& attempts);
    /// Closes the escalation issues of anomalies a whole detection (`report`) no longer has;
    /// returns "" or "; escalation #N closed".
    Result<std::string> close_resolved_escalations(const RepositoryAccess& access,
                                                   const std::string& repository,
                                                   const nlohmann::json& report);

    MedicConfig m_server_config;
    std::filesystem::path m_state_dir;
    store::Store& m_store;
    const http::CurlGlobal& m_curl;
    ServerMetrics& m_metrics;
    Log m_log;
    std::mutex m_locks_mutex;
    std::map<std::string, std::unique_ptr<RepositoryLock>> m_locks;
    PermissionCache m_permissions{wall_clock()};
};

/// One pass of the re-read over every repository with open published pull requests, each
/// outcome logged.
void reread_all_open_pull_requests(GitHubAppActions& actions, store::Store& store, const Log& log);

} // namespace medic::serve
