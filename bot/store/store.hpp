#pragma once
// The server's durable state in one SQLite file: every webhook delivery GitHub sent, recorded
// before it is acknowledged and de-duplicated on its X-GitHub-Delivery id, and the queue of jobs
// workers take under a lease (a crashed worker's job is taken again when its lease runs out).
// Safe for several threads (one connection behind a lock) and several processes on one machine
// (SQLite's file locks; BEGIN IMMEDIATE for every write).

#include "bot/model/clock.hpp"
#include "bot/model/result.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::store {

/// A delivery as it arrived: the GitHub headers and the raw body.
struct IncomingDelivery {
    std::string id;    ///< X-GitHub-Delivery (kept on redeliveries).
    std::string event; ///< X-GitHub-Event.
    std::string action;
    std::int64_t installation_id = 0;
    std::string repository; ///< "owner/name", or empty for events of no repository.
    std::string payload;    ///< The body, byte for byte.
};

/// What recording a delivery did: queued a job, found it already recorded, or kept it without
/// work because Medic does not act on that event.
enum class DeliveryStatus { queued, duplicate, ignored };
std::string_view to_string(DeliveryStatus status);

/// A job a worker took: the delivery to process, and how many times it was taken so far.
struct Job {
    std::int64_t id = 0;
    std::string delivery_id;
    std::string event;
    std::string action;
    std::string repository;
    std::string payload;
    int attempts = 0; ///< Including this one.
};

/// A job held under a lease now, and the worker that holds it.
struct HeldJob {
    std::int64_t id = 0;
    std::string worker;
};

/// The state of a job: waiting, held under a lease, or finished.
enum class JobState { queued, running, done, failed };
std::string_view to_string(JobState state);

std::optional<JobState> parse_job_state(std::string_view text);

/// One job as an operator looks at it (GET /api/jobs): its delivery, lease and outcome.
struct JobRecord {
    std::int64_t id = 0;
    std::string delivery_id;
    std::string event;
    std::string action;
    std::string repository;
    JobState state = JobState::queued;
    int attempts = 0;   ///< Times a worker took it.
    std::string worker; ///< Who holds it now; empty unless running.
    std::chrono::system_clock::time_point enqueued;
    std::optional<std::chrono::system_clock::time_point> lease_expires; ///< While running.
    std::optional<std::chrono::system_clock::time_point> finished;
    std::string outcome;
};

/// One recorded delivery with its job's state, newest first in listings.
struct DeliveryRecord {
    std::string id;
    std::string event;
    std::string action;
    std::string repository;
    std::chrono::system_clock::time_point received;
    int duplicates = 0;          ///< Times it arrived again after the first.
    std::optional<JobState> job; ///< None for ignored events.
    std::string outcome;         ///< What the worker recorded, or why the job failed.
};

/// How much work is waiting: for /healthz, /metrics and the status page.
struct QueueDepth {
    std::int64_t queued = 0;
    std::int64_t running = 0;
    std::optional<std::chrono::seconds> oldest_queued_age;
};

/// Tuning that tests shorten: the lease a take grants, and after how many takes a job whose
/// worker keeps dying is given up (so one poisonous delivery cannot hold a worker forever).
struct QueuePolicy {
    std::chrono::seconds lease{300};
    int max_attempts = 5;
};

/// An installation of the GitHub App: the account, whether it is active, and the repositories
/// it grants (sorted).
enum class InstallationState { active, suspended, deleted };
std::string_view to_string(InstallationState state);

struct Installation {
    std::int64_t id = 0;
    std::string account;
    InstallationState state = InstallationState::active;
    std::vector<std::string> repositories;
};

/// How one of Medic's pull requests ended (the learning records read it).
struct PullRequestOutcome {
    std::string repository;
    std::int64_t number = 0;
    std::string branch;
    bool merged = false;
    std::string merge_commit; ///< Empty when closed unmerged.
    std::chrono::system_clock::time_point closed;
};

/// A pull request Medic published for a fix: what the merge policy looks at when its checks
/// complete, and whether a push to its base made it conflict.
struct PublishedFix {
    std::string repository;
    std::int64_t number = 0;
    std::string branch;
    std::string head_sha; ///< The commit Medic validated and pushed.
    std::string anomaly;  ///< The anomaly's id.
    std::string strategy; ///< "rules/<fixer>" or "llm/<model>", as the run report says.
    bool validated = false;
    int diff_lines = 0; ///< Added + removed lines of the fix itself (tests and docs aside).
    std::chrono::system_clock::time_point recorded;
    std::string conflict; ///< Why it must be brought onto its base again; empty when it applies.
    std::string proof;    ///< What validated it: tests, speedup and p-value, as the run said.
    /// The anomaly report file its last run worked from (a retry or revision runs from it,
    /// and finds the fix's diff and verdict beside it: <dir>/<anomaly>/fix.diff).
    std::string report;
    /// Who took the pull request over by pushing to its branch; empty while it is Medic's.
    std::string handed_over;
};

/// Medic's failed attempts at one anomaly of a repository, and the issue that asks people for
/// help once there were too many (publish.max_attempts).
struct FixAttempts {
    std::string repository;
    std::string anomaly;              ///< The anomaly's id: its fingerprint, stable across runs.
    int failures = 0;                 ///< Attempts since the last success.
    std::vector<std::string> reasons; ///< Why each failed, oldest first (the last ten).
    std::int64_t issue = 0;           ///< The escalation issue while one is open; else 0.
};

/// One attempt at fixing an anomaly, for learning which strategies work: what drafted it, what
/// validation said, and its fate over time ("published", "revised", "merged", "closed unmerged",
/// ...), each with its time.
struct AttemptRecord {
    std::int64_t id = 0;
    std::string repository;
    std::string anomaly;
    std::string kind;     ///< slow, errors, ...
    std::string handler;  ///< Or the sequence.
    std::string strategy; ///< "rules/<fixer>" or "llm/<provider>:<model>".
    std::string change;   ///< change_fingerprint of its diff; empty when none was kept.
    std::string status;   ///< The run's FixStatus name: published, validated, not validated...
    double speedup = 0;   ///< The benchmark's; 0 when none was measured.
    std::int64_t pull_request = 0;
    /// Production's, measured after the merge (ProductionCheck); 0 until then.
    double production_speedup = 0;
    std::chrono::system_clock::time_point recorded;
    std::vector<std::pair<std::string, std::chrono::system_clock::time_point>> fates;
};

/// The check of a merged fix against production: the anomaly as its report described it before
/// the fix, and, once telemetry after the merge was judged, the verdict
/// (bot/learn/production_check.hpp).
struct ProductionCheck {
    std::string repository;
    std::int64_t pull_request = 0;
    std::string anomaly; ///< Its id.
    std::string kind;
    std::string handler;
    std::string merge_commit;
    std::chrono::system_clock::time_point merged;
    std::string before;  ///< The anomaly's JSON as its report had it, evidence included.
    std::string verdict; ///< "effective", "no effect" or "worse"; empty while waiting.
    double speedup = 0;  ///< Production's: median before / median after; 0 when unknown.
    double p_value = 1;
    std::string reason; ///< The judgement in one sentence.
    std::optional<std::chrono::system_clock::time_point> judged;
    std::int64_t revert = 0; ///< The pull request Medic opened to revert it; 0: none.
};

/// A change a reviewer rejected: never proposed again for its anomaly.
struct RejectedChange {
    std::string repository;
    std::string anomaly;
    std::string change; ///< change_fingerprint of the diff.
    std::int64_t pull_request = 0;
    std::string why; ///< "pull request #3, closed unmerged by bob".
    std::chrono::system_clock::time_point rejected;
};

class Store {
public:
    /// Opens (creating when missing) the database at `file` and brings its schema up to date;
    /// refuses a database a newer Medic migrated.
    static Result<Store> open(const std::filesystem::path& file, const Clock& clock,
                              QueuePolicy policy = {});
    /// As open, at a SQLite file's path or a PostgreSQL URL (is_database_url): several
    /// processes, on one machine or many, may share one PostgreSQL database.
    static Result<Store> open_at(std::string_view location, const Clock& clock,
                                 QueuePolicy policy = {});
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    /// Records `delivery` durably (committed to the disk when this returns) and, when
    /// `wanted`, queues a job for it, in one transaction. A delivery id seen before is
    /// `duplicate` and changes nothing but its count.
    Result<DeliveryStatus> record_delivery(const IncomingDelivery& delivery, bool wanted);

    /// The oldest job that is queued or whose lease ran out, now leased to `worker`; none when
    /// there is nothing to do. Jobs out of attempts are marked failed on the way.
    Result<std::optional<Job>> take_job(std::string_view worker);
    /// Extends `worker`'s lease on a long job; `conflict` when the lease was lost.
    Result<void> renew_lease(std::int64_t job_id, std::string_view worker);
    /// The jobs held under a lease now, oldest first.
    Result<std::vector<HeldJob>> held_jobs();
    /// Puts job `job_id` back in the queue at once when `worker` still holds it (a worker known
    /// to be dead: its lease need not run out first). The attempt it made still counts: a job
    /// out of attempts is marked failed instead.
    Result<void> release_job(std::int64_t job_id, std::string_view worker);
    /// Records how the job ended; `conflict` when `worker` no longer holds its lease (another
    /// worker took it after the lease ran out, and that worker's answer counts).
    Result<void> finish_job(std::int64_t job_id, std::string_view worker, bool succeeded,
                            std::string_view outcome);

    /// Records an installation's account and state; `repositories`, when given, replaces the
    /// list it grants.
    Result<void> record_installation(const Installation& installation, bool with_repositories);
    /// Adds and removes repositories of a recorded installation (one unknown so far is created
    /// with `account`).
    Result<void> change_installation_repositories(std::int64_t id, std::string_view account,
                                                  const std::vector<std::string>& added,
                                                  const std::vector<std::string>& removed);
    Result<std::vector<Installation>> installations();

    /// Records (or re-records, idempotently) how a pull request ended, and adds that fate
    /// ("merged", "closed unmerged") to the attempt the pull request carries.
    Result<void> record_pull_request_outcome(const PullRequestOutcome& outcome);
    Result<std::vector<PullRequestOutcome>> pull_request_outcomes();

    /// Records a pull request a run published (again: its new head and facts; a new head
    /// clears a conflict mark). `fix.recorded` is ignored: the store's clock says when.
    Result<void> record_published_fix(const PublishedFix& fix);
    /// `repository`'s published pull requests that have no recorded outcome (still open as far
    /// as the store knows), those whose head is `head_sha` when one is given; by number.
    Result<std::vector<PublishedFix>> open_published_fixes(std::string_view repository,
                                                           std::string_view head_sha = {});
    /// The repositories with published pull requests that have no recorded outcome, sorted.
    Result<std::vector<std::string>> repositories_with_open_fixes();
    /// Marks a published pull request as conflicting with its base (`why`), or clears the mark
    /// (empty `why`).
    Result<void> mark_conflict(std::string_view repository, std::int64_t number,
                               std::string_view why);
    /// Records that `who` took a published pull request over (pushed to its branch): Medic
    /// no longer updates it.
    Result<void> hand_over(std::string_view repository, std::int64_t number, std::string_view who);

    /// Counts one attempt at `anomaly`: a failure adds `reason` to its count, a success clears
    /// it. Returns the attempts as they now stand.
    Result<FixAttempts> record_fix_attempt(std::string_view repository, std::string_view anomaly,
                                           bool succeeded, std::string_view reason);
    /// Records the escalation issue opened for `anomaly` (0: closed).
    Result<void> record_escalation(std::string_view repository, std::string_view anomaly,
                                   std::int64_t issue);
    /// `repository`'s anomalies with an open escalation issue.
    Result<std::vector<FixAttempts>> escalated(std::string_view repository);

    /// Records an attempt with its first fate (its status). An attempt published to a pull
    /// request replaces the one the pull request carried, which gets the fate "revised" (a
    /// different change) or "validated again" (the same). `attempt.id`, `recorded` and `fates`
    /// are ignored. Returns its id.
    Result<std::int64_t> record_attempt(const AttemptRecord& attempt);
    /// Every attempt with its fates, oldest first.
    Result<std::vector<AttemptRecord>> attempt_records();

    /// Records a merged pull request's check against production, waiting for telemetry after
    /// the merge (again: nothing changes). `check.verdict` and what follows it are ignored.
    Result<void> record_production_check(const ProductionCheck& check);
    /// `repository`'s checks that wait for a verdict, by pull request.
    Result<std::vector<ProductionCheck>> waiting_production_checks(std::string_view repository);
    /// Every check, judged or waiting, by merge time.
    Result<std::vector<ProductionCheck>> production_checks();
    /// Records the verdict of a waiting check (`judged` and the figures from `check`; once:
    /// a judged check keeps its first verdict), adds it to its attempt's fates with the
    /// production speedup, and queues `telling` (the job that tells its pull request), all in
    /// one transaction. Returns whether this call recorded it.
    Result<bool> record_production_verdict(const ProductionCheck& check,
                                           const IncomingDelivery& telling);
    /// Records the pull request `revert` that takes back merged pull request `pull_request`.
    Result<void> record_revert(std::string_view repository, std::int64_t pull_request,
                               std::int64_t revert);
    /// Adds the fate "reverted" to the attempt merged pull request `pull_request` carries (its
    /// revert was merged).
    Result<void> record_reverted(std::string_view repository, std::int64_t pull_request);

    /// Records a rejected change (again: nothing changes; the first rejection is kept).
    /// `change.rejected` is ignored: the store's clock says when.
    Result<void> record_rejected_change(const RejectedChange& change);
    /// `repository`'s rejected changes, by anomaly.
    Result<std::vector<RejectedChange>> rejected_changes(std::string_view repository);

    Result<std::vector<DeliveryRecord>> recent_deliveries(int limit);
    /// The newest `limit` jobs, only those in `state` when one is given.
    Result<std::vector<JobRecord>> recent_jobs(int limit, std::optional<JobState> state = {});
    Result<std::optional<DeliveryRecord>> delivery(std::string_view id);
    Result<QueueDepth> queue_depth();
    /// Waits up to `timeout` for a job queued by any process sharing the store: true when one
    /// was announced (PostgreSQL: LISTEN/NOTIFY), false when the time ran out (always so on
    /// SQLite, whose workers are woken in process or look again).
    Result<bool> wait_for_work(std::chrono::milliseconds timeout);

    /// Holds `repository` against every other process sharing this store until
    /// unlock_repository, so that two machines never work on one repository at once. Waits
    /// while another process holds it. One thread per repository at a time: the caller's own
    /// lock sees to the threads of this process.
    /// On SQLite (every process on one machine), a lock on a file beside the database, let go
    /// when its process ends. On PostgreSQL, a row in repository_holds under the store's lease,
    /// kept by renew_repository: it outlives a restart of the database server and a lost
    /// connection; a holder that died on this machine is let go at once, one on another
    /// machine when its lease runs out.
    Result<void> lock_repository(std::string_view repository);
    /// lock_repository without the wait: false when another process holds it.
    Result<bool> try_lock_repository(std::string_view repository);
    /// Keeps this process's hold of `repository` (call it well within the lease); `conflict`
    /// when it was lost (its lease ran out, and another process may hold it). Nothing to do on
    /// SQLite.
    Result<void> renew_repository(std::string_view repository);
    Result<void> unlock_repository(std::string_view repository);
    /// The lease a take or a hold gets, and how often a holder renews it: every third of it,
    /// at most every minute (two renewals may fail, a database restarting, before it runs out).
    [[nodiscard]] std::chrono::seconds lease() const;
    [[nodiscard]] std::chrono::milliseconds renewal_interval() const;
    /// Whether queued jobs are announced to the other processes (wait_for_work): PostgreSQL.
    [[nodiscard]] bool announces_jobs() const;

    /// How often the connection to the database server was found lost so far (a PostgreSQL
    /// server restarting; always 0 for SQLite): a job that failed as unavailable while this
    /// grew failed because of the store, not of itself.
    [[nodiscard]] std::uint64_t interruptions() const;

    struct State; ///< Defined in store_state.hpp (private to medic_store).

private:
    explicit Store(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

/// The schema version this Medic writes (PRAGMA user_version; on PostgreSQL, medic_schema).
int schema_version();

/// True for a postgresql:// (or postgres://) URL, which Store::open_at connects to.
bool is_database_url(std::string_view location);

/// `url` with its password, if it holds one, replaced by "***" (for messages and logs).
std::string redact_url(std::string_view url);

} // namespace medic::store
