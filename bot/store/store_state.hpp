#pragma once
// Internal to medic_store: what a Store holds, shared by the files that implement its parts
// (store.cpp: deliveries and jobs; installations.cpp; pull_request_outcomes.cpp;
// published_fixes.cpp; fix_attempts.cpp; attempt_records.cpp; production_checks.cpp).

#include "bot/model/file_descriptor.hpp"
#include "bot/model/time.hpp"
#include "bot/store/payload_codec.hpp"
#include "bot/store/sql_database.hpp"
#include "bot/store/store.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace medic::store {

/// Unix milliseconds, as the tables keep times.
inline std::int64_t milliseconds(std::chrono::system_clock::time_point at) {
    return unix_ms(at);
}

inline std::chrono::system_clock::time_point time_at(std::int64_t ms) {
    return time_at_unix_ms(ms);
}

/// Adds `fate` to the attempt pull request `pull_request` carries (its newest), once.
Result<void> add_fate_to_pull(Database& database, std::string_view repository,
                              std::int64_t pull_request, std::string_view fate,
                              std::int64_t now_ms);

/// The channel a queued job is announced on (PostgreSQL NOTIFY), for idle workers.
inline constexpr std::string_view k_jobs_channel = "medic_jobs";

/// Announces a queued job inside the open transaction (sent when it commits); nothing on SQLite.
Result<void> announce_job(Database& database);

/// How `delivery`'s body is kept: compressed in SQLite; as it is in PostgreSQL, which compresses
/// large values itself (TOAST), and whose processes of an older Medic, still running during an
/// upgrade, would read payloads without decoding them.
StoredPayload stored_payload(const Store::State& state, const IncomingDelivery& delivery);

/// Records one delivery, its body kept as `payload` (stored_payload of the delivery), and
/// its job when `wanted`, inside the open transaction; what the caller will be told.
Result<DeliveryStatus> insert_delivery(Store::State& state, const IncomingDelivery& delivery,
                                       const StoredPayload& payload, bool wanted);

/// Wakes one sleeping thread once. A mutex and condition variable, not std::binary_semaphore:
/// libstdc++ 12's semaphore first spins on sched_yield, which took 11 % of the CPU in
/// bench/serve with 32 threads waiting on 2 cores.
class Wakeup {
public:
    void wait() {
        std::unique_lock lock(m_mutex);
        m_signal.wait(lock, [this] { return m_woken; });
    }
    /// Under the lock: the woken thread may end this Wakeup as soon as it has the lock back.
    void wake() {
        std::lock_guard lock(m_mutex);
        m_woken = true;
        m_signal.notify_one();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_signal;
    bool m_woken = false;
};

/// A delivery waiting for the group commit that records it, and the answer it gets. Its thread
/// sleeps on `woken`, woken once: when `result` is set, or to lead the next commit.
struct PendingDelivery {
    const IncomingDelivery* delivery = nullptr;
    StoredPayload payload; ///< Encoded by its own thread, before it waits.
    bool wanted = false;
    std::optional<Result<DeliveryStatus>> result;
    Wakeup woken;
};

/// This process's name as a holder of repositories, "<machine>:<pid>-<random>" (two Stores of
/// one process are two holders).
std::string holder_name();

/// One connection behind a lock: every public call holds `mutex` for its whole transaction.
/// Deliveries wait in `pending` for a group commit (record_delivery).
struct Store::State {
    State(Database database_, std::string location_, const Clock& clock_, QueuePolicy policy_)
        : database(std::move(database_)), location(std::move(location_)), clock(clock_),
          policy(policy_) {}
    std::mutex mutex;
    Database database;
    std::string location;   ///< The SQLite file's path or the PostgreSQL URL.
    std::mutex batch_mutex; ///< Guards `pending` and `committing`.
    std::vector<PendingDelivery*> pending;
    bool committing = false; ///< A thread leads a commit: the others wait to be woken.
    const Clock& clock;
    QueuePolicy policy;
    /// Wakes idle workers when a job is queued (PostgreSQL: LISTEN medic_jobs; opened at the
    /// first wait_for_work).
    std::mutex listener_mutex;
    std::optional<NotificationListener> listener;
    /// The repositories this process holds against the others on SQLite (repository_locks.cpp):
    /// the lock files, by repository.
    std::mutex repository_locks_mutex;
    std::map<std::string, FileDescriptor, std::less<>> repository_lock_files;
    /// This Store's name in PostgreSQL's hold rows (repository_holds): host, process and a
    /// random part.
    std::string holder;

    [[nodiscard]] std::int64_t now_ms() const { return milliseconds(clock.now()); }
    [[nodiscard]] std::int64_t lease_ms() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(policy.lease).count();
    }
};

} // namespace medic::store
