#pragma once
// The workers of `medic serve`: threads that take jobs from the store under a lease, process
// them (event_processing) and record the outcome. A job a crashed process held is taken again by
// any worker once its lease runs out; stopping lets each worker finish the job in hand.

#include "bot/serve/event_processing.hpp"
#include "bot/serve/metrics.hpp"
#include "bot/store/store.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace medic::serve {

/// Where the server's one-line messages go (stderr in `medic serve`).
using Log = std::function<void(std::string_view)>;

/// Whether the process with this id runs (on this machine).
using ProcessAlive = std::function<bool(long pid)>;

/// `write` again while the store is unavailable (a database server restarting), for up to 30 s.
Result<void> until_available(const std::function<Result<void>()>& write);

/// Waits `duration`, or less when `stop` is requested; false when it was.
bool wait_unless_stopped(const std::stop_token& stop, std::chrono::milliseconds duration);

/// Puts back in the queue each job held by a worker of `host` whose process is gone (worker
/// names are "<machine>:<pid>-<n>", machine_name() and WorkerPool's prefix), so that a server
/// restarted after a crash takes them at once instead of waiting out their leases. Workers of other
/// machines and of live processes keep theirs. Returns how many jobs were released.
Result<int> release_jobs_of_dead_workers(store::Store& store, std::string_view host,
                                         const ProcessAlive& alive);

class WorkerPool {
public:
    /// Starts `count` workers named "<prefix>-<n>"; an idle worker looks for work every
    /// `idle_poll` (and at once after wake()). A worker renews the lease of the job in hand every
    /// `renew_every` (well inside the store's lease, so a long pipeline run keeps its job).
    WorkerPool(store::Store& store, ServerMetrics& metrics, RepositoryActions& actions, int count,
               std::string prefix, Log log,
               std::chrono::milliseconds idle_poll = std::chrono::seconds(1),
               std::chrono::milliseconds renew_every = std::chrono::seconds(60));
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;
    ~WorkerPool();

    /// A job was queued: an idle worker looks now.
    void wake();
    /// Lets each worker finish its job in hand, then joins them. Idempotent.
    void stop();
    [[nodiscard]] int count() const { return static_cast<int>(m_threads.size()); }

private:
    void work(const std::string& name);
    void process_one(const store::Job& job, const std::string& name);
    void renew_while_running(const store::Job& job, const std::string& name,
                             const std::stop_token& stop);

    store::Store& m_store;
    ServerMetrics& m_metrics;
    RepositoryActions& m_actions;
    Log m_log;
    std::chrono::milliseconds m_idle_poll;
    std::chrono::milliseconds m_renew_every;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::uint64_t m_wakes = 0;
    std::vector<std::jthread> m_threads;
};

/// Wakes `workers` whenever a process sharing the store announces a job (PostgreSQL's
/// LISTEN/NOTIFY), so that idle workers need not wait for their next look. Stops with the
/// returned thread; on SQLite, which announces nothing, returns no thread.
std::jthread wake_on_announced_jobs(store::Store& store, WorkerPool& workers);

} // namespace medic::serve
