#pragma once
// What a worker does with one job: the delivery's event, read from its payload. Each handler is
// idempotent (a job taken again after a crash does the same thing twice and changes nothing the
// second time) and returns one line saying what it did, which the store keeps as the outcome.

#include "bot/model/result.hpp"
#include "bot/serve/comment_commands.hpp"
#include "bot/store/store.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace medic::serve {

/// The repository_dispatch event_type that carries an anomaly report.
inline constexpr std::string_view k_anomaly_report_event = "medic-anomaly-report";
/// The event of the deliveries live detection records (live_detection.hpp; never one GitHub
/// sends): an anomaly report in a repository_dispatch's shape, processed the same way.
inline constexpr std::string_view k_live_telemetry_event = "medic_telemetry";

/// One anomaly report to act on, from a repository_dispatch delivery: the report itself, or
/// the workflow artifact that holds it (a report too large for a dispatch payload).
struct ReportRun {
    std::string delivery_id;
    std::string repository; ///< owner/name
    std::int64_t installation_id = 0;
    nlohmann::json report;     ///< The anomaly report (medic detect's format); null: see artifact.
    std::string artifact;      ///< client_payload.anomaly_report_artifact: an id or its URL.
    std::string artifact_file; ///< The report's name in the artifact; empty: its only .json.
    /// The report is a whole detection (CI's, from repository_dispatch): an escalated anomaly
    /// it lacks is gone. Live reports list only new anomalies, so they close nothing.
    bool complete = false;
};

/// One of Medic's published pull requests whose head's checks completed (check_suite or
/// check_run): the merge policy decides on it.
struct MergeCandidate {
    std::string delivery_id;
    std::string repository; ///< owner/name
    std::int64_t installation_id = 0;
    store::PublishedFix fix; ///< As the store recorded it when the run published it.
};

/// A push moved `repository`'s default branch: which of Medic's open pull requests now conflict.
struct BaseMoved {
    std::string delivery_id;
    std::string repository; ///< owner/name
    std::int64_t installation_id = 0;
    std::vector<store::PublishedFix> fixes; ///< Medic's open pull requests there.
};

/// A `/medic` command in a comment on one of Medic's open pull requests, or a review of one
/// that requests changes (a `revise` with the review's words and line comments).
struct CommandRun {
    std::string delivery_id;
    std::string repository; ///< owner/name
    std::int64_t installation_id = 0;
    store::PublishedFix fix;     ///< The pull request, as the store recorded it.
    std::int64_t comment_id = 0; ///< The comment that gave the command; 0 for a review.
    CommandAuthor author;
    MedicCommand command;
    std::int64_t review_id = 0; ///< The review that requested changes; 0 for a comment.
};

/// Someone pushed to the branch of one of Medic's open pull requests, to a commit Medic did not
/// push: the pull request is theirs from now on.
struct BranchPushed {
    std::string delivery_id;
    std::string repository; ///< owner/name
    std::int64_t installation_id = 0;
    store::PublishedFix fix;
    std::string after;  ///< The branch's new head.
    std::string pusher; ///< Who pushed (the payload's sender).
};

/// Production judged one of Medic's merged pull requests (production_watch.hpp): the pull
/// request is told (the verdict is read again from the store).
struct ProductionTold {
    std::string delivery_id;
    std::string repository; ///< owner/name
    std::int64_t installation_id = 0;
    std::int64_t pull_request = 0;
};

/// What workers do on GitHub (the real one, in app_actions.hpp, reads GitHub's state, clones
/// the repository and drives pipeline::run; tests give their own). Each returns the outcome line.
class RepositoryActions {
public:
    virtual ~RepositoryActions() = default;
    /// Runs the pipeline on an anomaly report and publishes what it proves.
    virtual Result<std::string> run_report(const ReportRun& run) = 0;
    /// Merges the candidate when the repository's policy and its checks allow it.
    virtual Result<std::string> decide_merge(const MergeCandidate& candidate) = 0;
    /// Marks (in the store) each pull request that no longer merges into the moved base, and
    /// clears the mark of one that merges again.
    virtual Result<std::string> mark_conflicts(const BaseMoved& moved) = 0;
    /// Answers a `/medic` command when its author may give it (and refuses once otherwise).
    virtual Result<std::string> answer_command(const CommandRun& run) = 0;
    /// Hands a pull request over to the person who pushed to its branch (once).
    virtual Result<std::string> hand_over(const BranchPushed& pushed) = 0;
    /// Comments production's verdict on the merged pull request (one comment, kept current).
    virtual Result<std::string> tell_production(const ProductionTold& told) = 0;
};

/// Records how Medic's pull request `fix` ended (GitHub's event, or a re-read of GitHub's
/// state): a change closed unmerged is rejected for good (`closer`, when known, named in why),
/// a merged one waits for production's verdict. Returns what the outcome line adds to
/// "merged"/"closed unmerged".
Result<std::string> record_fix_end(store::Store& store, const store::PublishedFix& fix,
                                   const store::PullRequestOutcome& outcome,
                                   std::string_view closer);

/// Processes `job`; an error means the job failed (the message is kept as its outcome).
Result<std::string> process_job(const store::Job& job, store::Store& store,
                                RepositoryActions& actions);

} // namespace medic::serve
