#pragma once
// One repository's lock for the workers of every process that shares the store: the threads of
// this process queue on a mutex, and the one that gets it then takes the store's lock against
// the other processes (store::Store::lock_repository), waiting while the store is unavailable.
// While held, a thread renews the store's hold every third of its lease (at most every minute),
// so that it outlives a restart of a PostgreSQL server.

#include "bot/serve/workers.hpp"
#include "bot/store/store.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace medic::serve {

/// BasicLockable, for std::lock_guard.
class RepositoryLock {
public:
    RepositoryLock(store::Store& store, std::string repository, Log log)
        : m_store(store), m_repository(std::move(repository)), m_log(std::move(log)) {}

    void lock();
    void unlock();
    /// While locked: an error once the store's hold was lost (another process took it), or may
    /// have been (no renewal for a whole lease: the store could not be reached to tell), so
    /// that nothing more is published.
    [[nodiscard]] Result<void> still_held() const;

private:
    void renew_until_stopped(const std::stop_token& stop);

    store::Store& m_store;
    std::string m_repository;
    Log m_log;
    std::mutex m_local;
    std::jthread m_renewer; ///< While held.
    std::atomic<bool> m_lost = false;
    /// When the hold was last taken or renewed (steady_clock ticks).
    std::atomic<std::chrono::steady_clock::rep> m_renewed_at = 0;
};

} // namespace medic::serve
