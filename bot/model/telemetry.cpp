#include "bot/model/telemetry.hpp"

#include <algorithm>

namespace medic {

const HandlerStats* find_handler(const TelemetrySummary& summary, std::string_view id) {
    auto const it = std::lower_bound(
        summary.handlers.begin(), summary.handlers.end(), id,
        [](const HandlerStats& stats, std::string_view key) { return stats.handler < key; });
    return it != summary.handlers.end() && it->handler == id ? &*it : nullptr;
}

const HandlerStats* find_same_handler(const TelemetrySummary& summary, const HandlerStats& other) {
    if (auto const* same = find_handler(summary, other.handler))
        return same;
    auto const& names = other.names;
    for (auto const* name : {&names.route, &names.rpc, &names.topic, &names.function, &names.span})
        for (auto const& stats : summary.handlers)
            if (is_known_as(stats.handler, stats.names, *name))
                return &stats;
    return nullptr;
}

std::string handler_id_for(const TelemetrySummary& summary, std::string_view name) {
    if (find_handler(summary, name) != nullptr)
        return std::string(name);
    for (auto const& stats : summary.handlers)
        if (is_known_as(stats.handler, stats.names, name))
            return stats.handler;
    return std::string(name);
}

} // namespace medic
