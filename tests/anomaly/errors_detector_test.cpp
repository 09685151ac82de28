#include "analyzers/anomaly/errors_detector.hpp"
#include "tests/anomaly/summary_builder.hpp"

namespace medic {
namespace {

using anomaly::ErrorsDetector;
using test::handler;
using test::summary_of;

TEST(ErrorsDetector, FlagsARateOverBudgetWithItsMessage) {
    auto summary = summary_of({handler("ship", 400, 1, 2, 28)});
    summary.error_templates.push_back(
        {"ship", "no zone for country <*>", 28, "no zone for country 'XZ'", 0, 0});
    auto const found = test::run<ErrorsDetector>(summary, MedicConfig{});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::high); // 7 %
    EXPECT_EQ(found[0].error_template, "no zone for country <*>");
    EXPECT_LT(found[0].evidence["budget_binomial_p"].get<double>(), 1e-6);
    EXPECT_NE(found[0].summary.find("7.0 %"), std::string::npos);
}

TEST(ErrorsDetector, QuietAtOrNearTheBudget) {
    EXPECT_TRUE(test::run<ErrorsDetector>(summary_of({handler("ok", 400, 1, 2, 0)}), MedicConfig{})
                    .empty());
    // 5 of 400 is 1.25 %, not significantly above a 1 % budget.
    EXPECT_TRUE(test::run<ErrorsDetector>(summary_of({handler("meh", 400, 1, 2, 5)}), MedicConfig{})
                    .empty());
    MedicConfig lenient;
    lenient.handlers["ship"].error_rate_budget = 0.10;
    EXPECT_TRUE(
        test::run<ErrorsDetector>(summary_of({handler("ship", 400, 1, 2, 28)}), lenient).empty());
}

TEST(ErrorsDetector, FlagsASpikeAgainstTheBaselineAndANewMessage) {
    MedicConfig config;
    config.detect.errors.rate_budget = 0.5; // only the baseline comparison may fire
    auto const baseline = summary_of({handler("pay", 2000, 1, 2, 10)});
    auto current = summary_of({handler("pay", 2000, 1, 2, 60)});
    current.error_templates.push_back({"pay", "card network timeout after <*> ms", 60, "", 0, 0});
    auto const found = test::run<ErrorsDetector>(current, config, &baseline);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_LT(found[0].evidence["baseline_two_proportion_p"].get<double>(), 1e-6);
    EXPECT_EQ(found[0].evidence["new_templates"].size(), 1u);
}

TEST(ErrorsDetector, FlagsASpikeInOneWindow) {
    MedicConfig config;
    config.detect.errors.rate_budget = 0.5;
    auto stats = handler("pay", 2400, 1, 2, 0);
    for (int hour = 0; hour < 24; ++hour) {
        WindowStats window;
        window.start_ms = hour * 3'600'000LL;
        window.count = 100;
        window.errors = hour == 17 ? 30 : 1;
        stats.errors += window.errors;
        stats.windows.push_back(window);
    }
    auto const found = test::run<ErrorsDetector>(summary_of({stats}), config);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].evidence["spike_window"]["errors"], 30);
    EXPECT_NE(found[0].summary.find("spiked"), std::string::npos);
}

} // namespace
} // namespace medic
