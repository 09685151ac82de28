#include "bot/model/telemetry.hpp"

#include <algorithm>

namespace medic {

const HandlerStats* find_handler(const TelemetrySummary& summary, std::string_view name) {
    auto const it = std::lower_bound(
        summary.handlers.begin(), summary.handlers.end(), name,
        [](const HandlerStats& stats, std::string_view key) { return stats.handler < key; });
    return it != summary.handlers.end() && it->handler == name ? &*it : nullptr;
}

} // namespace medic
