#include "bot/model/clock.hpp"

namespace medic {
namespace {

class SystemClock final : public Clock {
public:
    [[nodiscard]] std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

} // namespace

const Clock& wall_clock() {
    static const SystemClock clock;
    return clock;
}

} // namespace medic
