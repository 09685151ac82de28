#include "bot/serve/repository_lock.hpp"

#include <algorithm>
#include <condition_variable>
#include <thread>

namespace medic::serve {

void RepositoryLock::lock() {
    m_local.lock();
    bool told = false;
    for (;;) {
        auto const held = m_store.lock_repository(m_repository);
        if (held) {
            m_renewer =
                std::jthread([this](const std::stop_token& stop) { renew_until_stopped(stop); });
            return;
        }
        if (!told)
            m_log(m_repository +
                  ": waiting for the store to lock the repository: " + held.error().message);
        told = true;
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

void RepositoryLock::renew_until_stopped(const std::stop_token& stop) {
    auto const every =
        std::min<std::chrono::milliseconds>(m_store.lease() / 3, std::chrono::minutes(1));
    std::mutex mutex;
    std::condition_variable_any tick;
    std::unique_lock lock(mutex);
    auto wait = every;
    while (!tick.wait_for(lock, stop, wait, [] { return false; }) && !stop.stop_requested()) {
        auto const renewed = m_store.renew_repository(m_repository);
        if (!renewed)
            m_log(m_repository + ": " + renewed.error().message);
        if (!renewed && renewed.error().code == ErrorCode::conflict)
            return; // lost, in the same outage as the job's own lease: its work is redone
        // Unavailable (the database restarting): again soon, well before the lease runs out.
        wait =
            renewed ? every : std::min<std::chrono::milliseconds>(every, std::chrono::seconds(1));
    }
}

void RepositoryLock::unlock() {
    m_renewer = std::jthread(); // stops and joins the renewer
    // While the store is away, letting go waits for it (up to 30 s): a hold left behind would
    // keep the other processes out of the repository until its lease ran out.
    auto released = m_store.unlock_repository(m_repository);
    for (int attempt = 1;
         !released && released.error().code == ErrorCode::unavailable && attempt < 30; ++attempt) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        released = m_store.unlock_repository(m_repository);
    }
    if (!released)
        m_log(m_repository +
              ": the store's lock was not released cleanly: " + released.error().message);
    m_local.unlock();
}

} // namespace medic::serve
