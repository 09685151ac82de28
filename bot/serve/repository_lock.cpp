#include "bot/serve/repository_lock.hpp"

#include <thread>

namespace medic::serve {

void RepositoryLock::lock() {
    m_local.lock();
    bool told = false;
    for (;;) {
        auto const held = m_store.lock_repository(m_repository);
        if (held) {
            m_lost = false;
            m_renewed_at = std::chrono::steady_clock::now().time_since_epoch().count();
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
    auto const every = m_store.renewal_interval();
    auto wait = every;
    while (wait_unless_stopped(stop, wait)) {
        auto const asked = std::chrono::steady_clock::now().time_since_epoch().count();
        auto const renewed = m_store.renew_repository(m_repository);
        if (renewed)
            m_renewed_at = asked;
        else
            m_log(m_repository + ": " + renewed.error().message);
        if (!renewed && renewed.error().code == ErrorCode::conflict) {
            m_lost = true; // still_held() says so: nothing more is published
            return;
        }
        // Unavailable (the database restarting): again soon, well before the lease runs out.
        bool const soon = !renewed && renewed.error().code == ErrorCode::unavailable;
        wait = soon ? std::min<std::chrono::milliseconds>(every, std::chrono::seconds(1)) : every;
    }
}

Result<void> RepositoryLock::still_held() const {
    if (m_lost)
        return fail(ErrorCode::conflict,
                    "this process lost its hold of " + m_repository +
                        " (its lease ran out while the store could not be reached): another "
                        "process may be working on it");
    auto const renewed = std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(m_renewed_at.load()));
    // A second early: the lease was counted from the statement, a little before `renewed`.
    if (std::chrono::steady_clock::now() - renewed >= m_store.lease() - std::chrono::seconds(1))
        return fail(ErrorCode::unavailable,
                    "this process's hold of " + m_repository +
                        " was not renewed for a whole lease (the store could not be reached): "
                        "another process may be working on it");
    return {};
}

void RepositoryLock::unlock() {
    m_renewer = std::jthread(); // stops and joins the renewer
    // While the store is away, letting go waits for it: a hold left behind would keep the other
    // processes out of the repository until its lease ran out.
    auto const released = until_available([&] { return m_store.unlock_repository(m_repository); });
    if (!released)
        m_log(m_repository +
              ": the store's lock was not released cleanly: " + released.error().message);
    m_local.unlock();
}

} // namespace medic::serve
