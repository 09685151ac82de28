#pragma once
// ManualClock: a Clock the test sets; safe to read from a local server's threads.

#include "bot/model/clock.hpp"

#include <atomic>
#include <functional>

namespace medic::test {

class ManualClock final : public Clock {
public:
    explicit ManualClock(std::chrono::system_clock::time_point start)
        : m_ticks(start.time_since_epoch().count()) {}

    [[nodiscard]] std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::time_point(
            std::chrono::system_clock::duration(m_ticks.load()));
    }
    void set(std::chrono::system_clock::time_point at) { m_ticks = at.time_since_epoch().count(); }
    /// For test servers that take the time as a function.
    [[nodiscard]] std::function<std::chrono::system_clock::time_point()> function() const {
        return [this] { return now(); };
    }

private:
    std::atomic<std::chrono::system_clock::rep> m_ticks;
};

} // namespace medic::test
