#include "analyzers/anomaly/misordered_detector.hpp"
#include "tests/anomaly/summary_builder.hpp"

namespace medic {
namespace {

using anomaly::MisorderedDetector;
using Steps = std::vector<std::string>;

const Steps k_expected{"validate", "reserve", "charge", "receipt"};
const Steps k_swapped{"validate", "charge", "reserve", "receipt"};

TelemetrySummary with_orders(std::vector<SequenceOrder> orders) {
    TelemetrySummary summary;
    SequenceStats sequence{"checkout", 0, std::move(orders)};
    for (auto const& order : sequence.orders)
        sequence.runs += order.runs;
    summary.sequences.push_back(sequence);
    return summary;
}

TEST(MisorderedDetector, AgainstTheConfiguredOrder) {
    MedicConfig config;
    config.sequences["checkout"] = k_expected;
    auto const found =
        test::run<MisorderedDetector>(with_orders({{k_swapped, 300, 30, {"r-1"}}}), config);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].sequence, "checkout");
    EXPECT_EQ(found[0].severity, Severity::high);
    EXPECT_EQ(found[0].evidence["actual_order"].get<Steps>(), k_swapped);
    EXPECT_EQ(found[0].evidence["expected_order"].get<Steps>(), k_expected);
    EXPECT_EQ(found[0].evidence["misordered_failed_runs"], 30);
    EXPECT_EQ(found[0].impact, 30);
}

TEST(MisorderedDetector, AgainstTheHistoricalMajority) {
    auto const found = test::run<MisorderedDetector>(
        with_orders({{k_expected, 950, 0, {}}, {k_swapped, 50, 12, {"r-9"}}}), MedicConfig{});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].evidence["expected_from"], "majority");
    EXPECT_EQ(found[0].evidence["misordered_runs"], 50);
}

TEST(MisorderedDetector, QuietWhenRunsFollowTheOrderOrStopEarly) {
    MedicConfig config;
    config.sequences["checkout"] = k_expected;
    Steps const stopped_early{"validate", "reserve"};
    Steps const extra_call{"validate", "audit", "reserve", "charge", "receipt"};
    EXPECT_TRUE(test::run<MisorderedDetector>(with_orders({{k_expected, 300, 0, {}},
                                                           {stopped_early, 20, 20, {}},
                                                           {extra_call, 5, 0, {}}}),
                                              config)
                    .empty());
}

TEST(MisorderedDetector, RetriesAndStepsListedTwiceAreNotMisordered) {
    using anomaly::follows_order;
    EXPECT_TRUE(follows_order({"validate", "reserve", "reserve", "charge"}, k_expected));
    Steps const lock_work_lock{"lock", "work", "lock"};
    EXPECT_TRUE(follows_order(lock_work_lock, lock_work_lock));
    EXPECT_FALSE(follows_order({"work", "lock"}, {"lock", "work"}));
    EXPECT_FALSE(follows_order(k_swapped, k_expected));
    EXPECT_FALSE(follows_order({"validate", "charge", "reserve", "charge"}, k_expected));
}

TEST(MisorderedDetector, QuietWithoutAClearMajorityOrEnoughRuns) {
    EXPECT_TRUE(test::run<MisorderedDetector>(
                    with_orders({{k_expected, 500, 0, {}}, {k_swapped, 500, 0, {}}}), MedicConfig{})
                    .empty());
    MedicConfig config;
    config.sequences["checkout"] = k_expected;
    EXPECT_TRUE(
        test::run<MisorderedDetector>(with_orders({{k_swapped, 3, 0, {}}}), config).empty());
}

} // namespace
} // namespace medic
