#include "analyzers/anomaly/trend_detector.hpp"
#include "tests/anomaly/summary_builder.hpp"

namespace medic {
namespace {

using anomaly::TrendDetector;

/// A handler with 24 hourly windows whose latency starts at `start` ms and grows `per_hour`.
HandlerStats hourly(double start, double per_hour, unsigned seed = 5) {
    HandlerStats stats;
    stats.handler = "h";
    stats.window_ms = 3'600'000;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> jitter(0.9, 1.1);
    for (int hour = 0; hour < 24; ++hour) {
        WindowStats window;
        window.start_ms = hour * 3'600'000LL;
        for (int i = 0; i < 50; ++i) {
            double const ms = (start + per_hour * hour) * jitter(rng);
            window.latency_ms.add(ms);
            stats.latency_ms.add(ms);
            ++window.count;
            ++stats.count;
        }
        stats.windows.push_back(window);
    }
    return stats;
}

MedicConfig budget(double p95_ms) {
    MedicConfig config;
    config.handlers["h"].budget = LatencyBudget{0.95, p95_ms};
    return config;
}

TEST(TrendDetector, ProjectsABudgetCrossingWithinTheHorizon) {
    // 2 ms growing 0.1 ms/h: at hour 23 about 4.3 ms (p95 ~4.7); 10 ms is ~2 days away.
    auto const found = test::run<TrendDetector>(test::summary_of({hourly(2.0, 0.1)}), budget(10));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].kind, AnomalyKind::trend);
    EXPECT_NEAR(found[0].evidence["slope_ms_per_hour"].get<double>(), 0.11, 0.03);
    EXPECT_LT(found[0].evidence["crossing_in_hours"].get<double>(), 7 * 24);
}

TEST(TrendDetector, IgnoresFlatSeriesFarCrossingsAndHandlersAlreadyOver) {
    EXPECT_TRUE(test::run<TrendDetector>(test::summary_of({hourly(2.0, 0.0)}), budget(10)).empty());
    // Rising, but the budget is ~20 days away at this slope.
    EXPECT_TRUE(test::run<TrendDetector>(test::summary_of({hourly(2.0, 0.1)}), budget(60)).empty());
    // Already over budget: that is `slow`, not `trend`.
    EXPECT_TRUE(test::run<TrendDetector>(test::summary_of({hourly(2.0, 0.1)}), budget(3)).empty());
}

} // namespace
} // namespace medic
