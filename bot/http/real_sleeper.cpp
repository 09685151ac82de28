#include "bot/http/real_sleeper.hpp"

#include <thread>

namespace medic::http {

void RealSleeper::sleep_for(std::chrono::milliseconds duration) {
    std::this_thread::sleep_for(duration);
}

} // namespace medic::http
