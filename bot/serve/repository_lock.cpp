#include "bot/serve/repository_lock.hpp"

#include <thread>

namespace medic::serve {

void RepositoryLock::lock() {
    m_local.lock();
    bool told = false;
    for (;;) {
        auto const held = m_store.lock_repository(m_repository);
        if (held)
            return;
        if (!told)
            m_log(m_repository +
                  ": waiting for the store to lock the repository: " + held.error().message);
        told = true;
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

void RepositoryLock::unlock() {
    if (auto released = m_store.unlock_repository(m_repository); !released)
        m_log(m_repository +
              ": the store's lock was not released cleanly: " + released.error().message);
    m_local.unlock();
}

} // namespace medic::serve
