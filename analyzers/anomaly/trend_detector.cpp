#include "analyzers/anomaly/trend_detector.hpp"

#include "analyzers/anomaly/describe.hpp"
#include "analyzers/anomaly/statistics.hpp"
#include "bot/model/time.hpp"

#include <optional>

namespace medic::anomaly {
namespace {

/// The per-window quantile series of a handler: x = window middle (ms), y = latency (ms).
struct Series {
    std::vector<double> x, y;
};

Series window_series(const HandlerStats& stats, double quantile, std::uint64_t min_count) {
    Series series;
    for (auto const& window : stats.windows) {
        if (window.count < min_count)
            continue;
        series.x.push_back(double(window.start_ms) + double(stats.window_ms) / 2.0);
        series.y.push_back(window.latency_ms.quantile(quantile));
    }
    return series;
}

/// The projection that makes a trend worth reporting.
struct Projection {
    MannKendall test;
    Line line;
    double now_ms = 0;         ///< Fitted value at the last window.
    double crossing_in_ms = 0; ///< Time until the fitted line reaches the budget.
};

std::optional<Projection> project(const Series& series, double limit_ms,
                                  const TrendDetectConfig& config) {
    if (series.x.size() < config.min_windows)
        return std::nullopt;
    Projection projection;
    projection.test = mann_kendall(series.y);
    if (projection.test.p_increasing >= config.alpha)
        return std::nullopt;
    projection.line = theil_sen(series.x, series.y);
    if (projection.line.slope <= 0)
        return std::nullopt;
    projection.now_ms = projection.line.at(series.x.back());
    if (projection.now_ms >= limit_ms)
        return std::nullopt; // already over budget: the slow detector reports it
    projection.crossing_in_ms = (limit_ms - projection.now_ms) / projection.line.slope;
    if (projection.crossing_in_ms > double(config.horizon_ms))
        return std::nullopt;
    return projection;
}

Anomaly make_anomaly(const HandlerStats& stats, const LatencyBudget& budget,
                     const Projection& projection, const TrendDetectConfig& config) {
    Anomaly anomaly;
    anomaly.kind = AnomalyKind::trend;
    anomaly.handler = stats.handler;
    anomaly.names = stats.names;
    anomaly.id = anomaly_fingerprint(anomaly.kind, stats.handler, "");
    anomaly.severity = projection.crossing_in_ms <= double(config.horizon_ms) / 4
                           ? Severity::high
                           : Severity::medium;
    double const at_horizon = projection.now_ms + projection.line.slope * double(config.horizon_ms);
    anomaly.impact = double(stats.count) * std::max(0.0, at_horizon - budget.limit_ms);
    anomaly.impact_unit = "ms";
    double const per_hour = projection.line.slope * 3600e3;
    auto const name = quantile_name(budget.quantile);
    anomaly.summary = stats.handler + "'s " + name + " is rising by " + fixed(per_hour) +
                      " ms per hour (Mann-Kendall p " + p_value(projection.test.p_increasing) +
                      "); at this rate it crosses its " + fixed(budget.limit_ms) +
                      " ms budget in " + format_duration(projection.crossing_in_ms) + ".";
    anomaly.evidence = evidence_json(
        TrendEvidence{distribution_evidence(stats),
                      name,
                      budget.limit_ms,
                      per_hour,
                      projection.now_ms,
                      projection.crossing_in_ms / 3600e3,
                      {projection.test.s, projection.test.z, projection.test.p_increasing},
                      stats.window_ms});
    return anomaly;
}

} // namespace

std::vector<Anomaly> TrendDetector::detect(const DetectInput& input) const {
    std::vector<Anomaly> found;
    auto const& config = input.config.detect.trend;
    for (auto const& stats : input.current.handlers) {
        auto const* handler = handler_config(input.config, stats);
        if (handler == nullptr || !handler->budget)
            continue; // a trend is judged against a budget
        auto const series =
            window_series(stats, handler->budget->quantile, config.min_window_count);
        if (auto const projection = project(series, handler->budget->limit_ms, config))
            found.push_back(make_anomaly(stats, *handler->budget, *projection, config));
    }
    return found;
}

} // namespace medic::anomaly
