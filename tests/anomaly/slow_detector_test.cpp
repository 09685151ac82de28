#include "analyzers/anomaly/slow_detector.hpp"
#include "tests/anomaly/summary_builder.hpp"

namespace medic {
namespace {

using anomaly::SlowDetector;
using test::handler;
using test::run;
using test::summary_of;

MedicConfig budget(std::string name, double p95_ms) {
    MedicConfig config;
    config.handlers[std::move(name)].budget = LatencyBudget{0.95, p95_ms};
    return config;
}

TEST(SlowDetector, FlagsAHandlerOverItsBudget) {
    auto const found = run<SlowDetector>(summary_of({handler("h", 200, 8, 12)}), budget("h", 4));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].kind, AnomalyKind::slow);
    EXPECT_EQ(found[0].severity, Severity::high); // ~2.9x the budget
    EXPECT_NEAR(found[0].evidence["budget"]["observed_ms"].get<double>(), 11.8, 0.3);
    EXPECT_GT(found[0].impact, 200 * 4.0);
    EXPECT_NE(found[0].summary.find("p95"), std::string::npos);
}

TEST(SlowDetector, LeavesHandlersWithinBudgetOrTooRarelyCalled) {
    EXPECT_TRUE(run<SlowDetector>(summary_of({handler("h", 200, 1, 3)}), budget("h", 4)).empty());
    EXPECT_TRUE(run<SlowDetector>(summary_of({handler("h", 5, 8, 12)}), budget("h", 4)).empty());
    EXPECT_TRUE(run<SlowDetector>(summary_of({handler("h", 200, 8, 12)}), MedicConfig{}).empty());
}

TEST(SlowDetector, FlagsASignificantRegressionAgainstTheBaseline) {
    auto const baseline = summary_of({handler("h", 300, 4, 6, 0, 1)});
    auto const current = summary_of({handler("h", 300, 5, 7.5, 0, 2)});
    auto const found = run<SlowDetector>(current, MedicConfig{}, &baseline);
    ASSERT_EQ(found.size(), 1u);
    auto const& mw = found[0].evidence["baseline"]["mann_whitney"];
    EXPECT_LT(mw["p_value"].get<double>(), 1e-6);
    EXPECT_NEAR(found[0].evidence["baseline"]["median_ratio"].get<double>(), 1.25, 0.05);
}

TEST(SlowDetector, IgnoresNoiseAndSmallChangesAgainstTheBaseline) {
    auto const baseline = summary_of({handler("h", 300, 4, 6, 0, 1)});
    auto const same = summary_of({handler("h", 300, 4, 6, 0, 2)});
    EXPECT_TRUE(run<SlowDetector>(same, MedicConfig{}, &baseline).empty());
    auto const slightly = summary_of({handler("h", 300, 4.1, 6.2, 0, 3)}); // +4 %: under 10 %
    EXPECT_TRUE(run<SlowDetector>(slightly, MedicConfig{}, &baseline).empty());
}

TEST(SlowDetector, BenchmarksWithFewRepetitionsUseTheThresholdAndSaySo) {
    auto base = handler("BM_Search", 1, 10, 10);
    auto cur = handler("BM_Search", 1, 15, 15);
    base.source = cur.source = SampleSource::benchmark;
    auto const baseline = summary_of({base});
    auto const found = run<SlowDetector>(summary_of({cur}), MedicConfig{}, &baseline);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].summary.find("too few repetitions"), std::string::npos);
}

TEST(SlowDetector, ABudgetWrittenUnderAnyNameOfTheHandlerApplies) {
    // Telemetry knows the handler by its function; the budget names the span users see.
    auto search = handler("shop::Search::handle", 200, 8, 12);
    search.names.span = "GET /search";
    search.names.function = "shop::Search::handle";
    auto const found = run<SlowDetector>(summary_of({search}), budget("GET /search", 4));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].handler, "shop::Search::handle");
    EXPECT_EQ(found[0].names.span, "GET /search");
}

TEST(SlowDetector, TheBaselineMatchesAHandlerKnownThereByAnotherName) {
    // The baseline came from JSON lines (the function); today's telemetry is OTLP (the route).
    auto const baseline = summary_of({handler("shop::Search::handle", 300, 4, 6, 0, 1)});
    auto current = handler("GET /search", 300, 5, 7.5, 0, 2);
    current.names.route = "GET /search";
    current.names.function = "shop::Search::handle";
    auto const found = run<SlowDetector>(summary_of({current}), MedicConfig{}, &baseline);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].handler, "GET /search");
}

} // namespace
} // namespace medic
