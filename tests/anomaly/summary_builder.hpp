#pragma once
// Builds TelemetrySummary values for detector tests without going through ingest.

#include "analyzers/anomaly/detect.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>

namespace medic::test {

/// A handler with `count` calls whose latency is uniform in [low, high] ms, `errors` of them
/// failed.
inline HandlerStats handler(std::string name, std::uint64_t count, double low, double high,
                            std::uint64_t errors = 0, unsigned seed = 1) {
    HandlerStats stats;
    stats.handler = std::move(name);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> latency(low, high);
    for (std::uint64_t i = 0; i < count; ++i) {
        double const ms = latency(rng);
        stats.latency_ms.add(ms);
        stats.sum_ms += ms;
        stats.max_ms = std::max(stats.max_ms, ms);
    }
    stats.count = count;
    stats.errors = errors;
    return stats;
}

/// Sorted by name, as ingest produces them.
inline TelemetrySummary summary_of(std::vector<HandlerStats> handlers) {
    TelemetrySummary summary;
    summary.handlers = std::move(handlers);
    std::sort(summary.handlers.begin(), summary.handlers.end(),
              [](const HandlerStats& a, const HandlerStats& b) { return a.handler < b.handler; });
    return summary;
}

/// Anomalies of one kind from one detector run.
template <typename DetectorType>
std::vector<Anomaly> run(const TelemetrySummary& current, const MedicConfig& config,
                         const TelemetrySummary* baseline = nullptr) {
    return DetectorType{}.detect({current, baseline, config});
}

} // namespace medic::test
