#include "bot/serve/periodic.hpp"

namespace medic::serve {

Periodic::Periodic(std::chrono::milliseconds interval, std::function<void()> pass)
    : m_interval(interval), m_pass(std::move(pass)),
      m_thread([this](const std::stop_token& stop) { run(stop); }) {}

Periodic::~Periodic() {
    m_thread.request_stop();
    m_wake.notify_all();
}

void Periodic::run_now() {
    {
        std::lock_guard lock(m_mutex);
        m_due = true;
    }
    m_wake.notify_all();
}

void Periodic::run(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
        m_pass();
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, stop, m_interval, [this] { return m_due; });
        m_due = false;
    }
}

} // namespace medic::serve
