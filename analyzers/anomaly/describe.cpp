#include "analyzers/anomaly/describe.hpp"

#include "bot/model/json.hpp"
#include "bot/model/text.hpp"

#include <cmath>
#include <cstdio>

namespace medic::anomaly {

std::string quantile_name(double quantile) {
    if (quantile >= 1.0)
        return "max";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "p%g", quantile * 100.0);
    return buffer;
}

std::string fixed(double value, int digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    return buffer;
}

std::string percent(double share) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, share < 0.1 ? "%.1f %%" : "%.0f %%", share * 100.0);
    return buffer;
}

std::string join_order(const std::vector<std::string>& steps) {
    return join(steps, " → ");
}

const HandlerConfig* handler_config(const MedicConfig& config, const HandlerStats& stats) {
    if (auto const it = config.handlers.find(stats.handler); it != config.handlers.end())
        return &it->second;
    for (auto const& name : stats.names.all())
        if (auto const it = config.handlers.find(name); it != config.handlers.end())
            return &it->second;
    return nullptr;
}

LatencyEvidence latency_evidence(const HandlerStats& stats) {
    auto const& sketch = stats.latency_ms;
    double const mean = stats.count ? stats.sum_ms / double(stats.count) : 0;
    return {stats.count,           mean,
            sketch.quantile(0.5),  sketch.quantile(0.9),
            sketch.quantile(0.95), sketch.quantile(0.99),
            stats.max_ms,          stats.errors,
            std::nullopt};
}

LatencyEvidence distribution_evidence(const HandlerStats& stats) {
    auto evidence = latency_evidence(stats);
    evidence.sketch = stats.latency_ms;
    return evidence;
}

std::vector<ExampleCallEvidence> examples_evidence(const HandlerStats& stats) {
    std::vector<ExampleCallEvidence> examples;
    for (auto const& example : stats.examples) {
        auto attrs = nlohmann::json::parse(example.attrs_json, nullptr, false);
        examples.push_back(
            {example.ts_ms, example.duration_ms, example.error,
             attrs.is_discarded() ? nlohmann::json(example.attrs_json) : std::move(attrs)});
    }
    return examples;
}

std::string p_value(double p) {
    if (p < 1e-12)
        return "< 1e-12";
    return fixed(p, 2);
}

} // namespace medic::anomaly
