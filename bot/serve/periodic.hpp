#pragma once
// A task the server runs on its own thread at start and then every interval until it stops
// (the recovery of missed deliveries, the re-read of open pull requests). A pass that fails
// logs its reason itself; the next one comes at the next interval.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace medic::serve {

class Periodic {
public:
    /// Starts `pass` now, then every `interval` after each pass ends.
    Periodic(std::chrono::milliseconds interval, std::function<void()> pass);
    Periodic(const Periodic&) = delete;
    Periodic& operator=(const Periodic&) = delete;
    /// Waits for a pass in progress to end; no new one starts.
    ~Periodic();
    /// Starts the next pass now instead of at the end of the interval (after the pass in
    /// progress, if any).
    void run_now();

private:
    void run(const std::stop_token& stop);

    std::chrono::milliseconds m_interval;
    std::function<void()> m_pass;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    bool m_due = false;    ///< run_now() was called: the next pass is due.
    std::jthread m_thread; ///< Last: started once everything it reads is set.
};

} // namespace medic::serve
