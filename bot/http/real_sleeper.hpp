#pragma once
// RealSleeper: the production Sleeper, which really waits.

#include "bot/model/http.hpp"

namespace medic::http {

/// Waits on the calling thread; tests inject a recording Sleeper instead.
class RealSleeper final : public Sleeper {
public:
    /// Blocks for `duration` (std::this_thread::sleep_for).
    void sleep_for(std::chrono::milliseconds duration) override;
};

} // namespace medic::http
