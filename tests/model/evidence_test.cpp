// A misordered sequence's evidence keeps the anomaly report's field names, comes back whole from
// the JSON, and a report edited by hand (wrong types, missing fields) reads with defaults
// instead of throwing.

#include "bot/model/evidence.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

MisorderedEvidence sample() {
    return {{"validate", "reserve", "charge"},
            "config",
            {"charge", "validate", "reserve"},
            120,
            12,
            9,
            100,
            2,
            5,
            1,
            0,
            {{{"validate", "reserve", "charge"}, 100, 2, true, {"checkout\x1fr-1"}},
             {{"charge", "validate", "reserve"}, 12, 9, false, {"checkout\x1fr-91"}}}};
}

TEST(MisorderedEvidence, KeepsTheReportsFieldNames) {
    auto const json = evidence_json(sample());
    for (auto const* key :
         {"expected_order", "expected_from", "actual_order", "runs", "misordered_runs",
          "misordered_failed_runs", "complete_in_order_runs", "complete_in_order_failed_runs",
          "single_step_runs", "truncated_runs", "runs_in_other_orders", "orders"})
        EXPECT_TRUE(json.contains(key)) << key;
    EXPECT_EQ(json.size(), 12u);
    EXPECT_EQ(json["orders"][1]["example_runs"][0], "checkout\x1fr-91");
    EXPECT_EQ(json["orders"][0]["follows_expected"], true);
}

TEST(MisorderedEvidence, ComesBackWholeFromTheJson) {
    Anomaly anomaly;
    anomaly.evidence = evidence_json(sample());
    auto const read = misordered_evidence(anomaly);
    EXPECT_EQ(evidence_json(read), anomaly.evidence);
    EXPECT_EQ(read.misordered_failed_runs, 9u);
    EXPECT_EQ(read.orders[1].steps.front(), "charge");
}

TEST(MisorderedEvidence, AHandEditedReportReadsWithDefaults) {
    Anomaly anomaly;
    anomaly.evidence = {{"expected_order", "not a list"},
                        {"actual_order", {"a", 3, "b"}},
                        {"runs", -4},
                        {"misordered_runs", 1e300},
                        {"misordered_failed_runs", "nine"},
                        {"orders", {42, {{"steps", {"a"}}, {"runs", 2.5}}}}};
    auto const read = misordered_evidence(anomaly);
    EXPECT_TRUE(read.expected_order.empty());
    EXPECT_EQ(read.actual_order, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(read.runs, 0u);
    EXPECT_EQ(read.misordered_runs, 0u);
    EXPECT_EQ(read.misordered_failed_runs, 0u);
    ASSERT_EQ(read.orders.size(), 1u);
    EXPECT_EQ(read.orders[0].runs, 2u);
    anomaly.evidence = nlohmann::json::array();
    EXPECT_TRUE(misordered_evidence(anomaly).orders.empty());
}

} // namespace
} // namespace medic
