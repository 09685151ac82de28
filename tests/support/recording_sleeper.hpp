#pragma once
// RecordingSleeper: a Sleeper that writes the waits down instead of waiting.

#include "bot/model/http.hpp"

#include <vector>

namespace medic::test {

/// Records every wait so tests can assert on the retry policy without sleeping.
class RecordingSleeper final : public Sleeper {
public:
    void sleep_for(std::chrono::milliseconds duration) override { waits.push_back(duration); }
    std::vector<std::chrono::milliseconds> waits;
};

} // namespace medic::test
