#pragma once
// Clock: the wall clock, injected wherever a decision depends on the time — token expiry, a
// Retry-After date, rate-limit resets, the pull-request budget of the last hour, a report's
// timestamp — so tests set the time instead of waiting for it. Durations Medic only measures
// (stage seconds) use std::chrono::steady_clock directly.

#include <chrono>

namespace medic {

class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
};

/// The machine's clock (stateless, so one instance serves everyone).
const Clock& wall_clock();

} // namespace medic
