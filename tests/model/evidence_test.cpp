// Each kind's evidence keeps the anomaly report's field names, comes back whole from the JSON,
// and a report edited by hand (wrong types, missing fields) reads with defaults instead of
// throwing.

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

std::vector<ExampleCallEvidence> two_examples() {
    return {{1'700'000'000'000, 12.5, false, {{"sku", "A-1"}, {"qty", 3}}},
            {1'700'000'000'500, 80.25, true, "not json {"}};
}

LatencyEvidence latency() {
    return {400, 11.5, 9.0, 20.0, 25.0, 40.0, 95.5, 3, std::nullopt};
}

/// The latency of the anomaly's own handler: with its whole distribution.
LatencyEvidence distribution() {
    auto latency_with_sketch = latency();
    latency_with_sketch.sketch.emplace();
    for (double value : {9.0, 11.0, 40.0, 95.5})
        latency_with_sketch.sketch->add(value);
    return latency_with_sketch;
}

template <typename Evidence>
Anomaly anomaly_with(const Evidence& evidence) {
    Anomaly anomaly;
    anomaly.evidence = evidence_json(evidence);
    return anomaly;
}

void expect_keys(const nlohmann::json& json, std::initializer_list<const char*> keys) {
    for (auto const* key : keys)
        EXPECT_TRUE(json.contains(key)) << key;
    EXPECT_EQ(json.size(), keys.size());
}

TEST(SlowEvidence, KeepsTheReportsFieldNamesAndComesBackWhole) {
    SlowEvidence const full{distribution(), two_examples(),
                            CodeLocation{"shop::Search::handle", "src/search.cpp", 42},
                            BudgetBreachEvidence{"p95", 10, 25, 2.5},
                            BaselineEvidence{latency(), 1.8, MannWhitneyEvidence{9000, 4.2, 1e-5}}};
    auto const anomaly = anomaly_with(full);
    expect_keys(anomaly.evidence, {"latency", "examples", "code", "budget", "baseline"});
    expect_keys(anomaly.evidence["latency"], {"count", "mean_ms", "p50_ms", "p90_ms", "p95_ms",
                                              "p99_ms", "max_ms", "errors", "sketch"});
    expect_keys(anomaly.evidence["baseline"]["latency"],
                {"count", "mean_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms", "errors"});
    expect_keys(anomaly.evidence["examples"][0], {"ts_ms", "duration_ms", "error", "attrs"});
    expect_keys(anomaly.evidence["baseline"]["mann_whitney"], {"u", "z", "p_value"});
    EXPECT_EQ(anomaly.evidence["code"]["lineno"], 42);
    auto const read = slow_evidence(anomaly);
    EXPECT_EQ(evidence_json(read), anomaly.evidence);
    ASSERT_TRUE(read.code);
    EXPECT_EQ(read.code->filepath, "src/search.cpp");
    EXPECT_EQ(read.examples[1].attrs, "not json {");
    ASSERT_TRUE(read.latency.sketch);
    EXPECT_EQ(read.latency.sketch->count(), 4u);
    EXPECT_FALSE(read.baseline->latency.sketch);
}

TEST(SlowEvidence, OptionalPartsStayAbsent) {
    auto const anomaly = anomaly_with(SlowEvidence{latency(), {}, {}, {}, {}});
    expect_keys(anomaly.evidence, {"latency", "examples"});
    auto const read = slow_evidence(anomaly);
    EXPECT_FALSE(read.code || read.budget || read.baseline);
    EXPECT_EQ(evidence_json(read), anomaly.evidence);
}

TEST(TrendEvidence, KeepsTheReportsFieldNamesAndComesBackWhole) {
    auto const anomaly =
        anomaly_with(TrendEvidence{latency(), "p99", 50, 0.75, 31, 25.3, {120, 3.1, 0.001}, 60000});
    expect_keys(anomaly.evidence,
                {"latency", "quantile", "budget_ms", "slope_ms_per_hour", "fitted_now_ms",
                 "crossing_in_hours", "mann_kendall", "window_ms"});
    expect_keys(anomaly.evidence["mann_kendall"], {"s", "z", "p_value"});
    auto const read = trend_evidence(anomaly);
    EXPECT_EQ(evidence_json(read), anomaly.evidence);
    EXPECT_EQ(read.window_ms, 60000);
}

TEST(ErrorsEvidence, KeepsTheReportsFieldNamesAndComesBackWhole) {
    ErrorsEvidence const full{1000,
                              120,
                              0.12,
                              0.01,
                              {{"timeout after <*> ms", 100, "timeout after 30 ms"}},
                              two_examples(),
                              1e-9,
                              0.002,
                              ErrorSpikeEvidence{"2026-12-06T10:00:00.000Z", 50, 40, 1e-7},
                              {{"disk full on <*>", 20, "disk full on /var"}}};
    auto const anomaly = anomaly_with(full);
    expect_keys(anomaly.evidence, {"count", "errors", "error_rate", "rate_budget", "templates",
                                   "examples", "budget_binomial_p", "baseline_two_proportion_p",
                                   "spike_window", "new_templates"});
    expect_keys(anomaly.evidence["spike_window"], {"start", "count", "errors", "fisher_exact_p"});
    expect_keys(anomaly.evidence["templates"][0], {"pattern", "count", "example"});
    auto const read = errors_evidence(anomaly);
    EXPECT_EQ(evidence_json(read), anomaly.evidence);
    EXPECT_EQ(read.new_templates.at(0).count, 20u);
}

TEST(ErrorsEvidence, FindingsNotMadeAreNotWritten) {
    auto const anomaly = anomaly_with(ErrorsEvidence{10, 1, 0.1, 0.01, {}, {}, 0.03, {}, {}, {}});
    expect_keys(anomaly.evidence, {"count", "errors", "error_rate", "rate_budget", "templates",
                                   "examples", "budget_binomial_p"});
    auto const read = errors_evidence(anomaly);
    EXPECT_FALSE(read.baseline_two_proportion_p || read.spike_window);
    EXPECT_EQ(evidence_json(read), anomaly.evidence);
}

TEST(UntestedEvidence, KeepsTheReportsFieldNamesAndComesBackWhole) {
    auto const anomaly =
        anomaly_with(UntestedEvidence{900, 0.3, "src/orders.cpp", 17, two_examples()});
    expect_keys(anomaly.evidence, {"count", "share_of_calls", "definition", "examples"});
    expect_keys(anomaly.evidence["definition"], {"file", "line"});
    auto const read = untested_evidence(anomaly);
    EXPECT_EQ(evidence_json(read), anomaly.evidence);
    EXPECT_EQ(read.definition_line, 17u);
}

TEST(Evidence, HandEditedLatencyKindsReadWithDefaults) {
    Anomaly anomaly;
    anomaly.evidence = {{"latency", "fast"},
                        {"code", {{"filepath", 7}, {"lineno", "x"}}},
                        {"budget", 3},
                        {"baseline", {{"mann_whitney", {1, 2}}}},
                        {"examples", {1, {{"attrs", {{"a", "b"}}}, {"ts_ms", "soon"}}}},
                        {"mann_kendall", nullptr},
                        {"window_ms", -1e30}};
    auto const slow = slow_evidence(anomaly);
    EXPECT_EQ(slow.latency.count, 0u);
    ASSERT_TRUE(slow.code);
    EXPECT_EQ(slow.code->filepath, "");
    EXPECT_EQ(slow.code->lineno, 0);
    EXPECT_FALSE(slow.budget);
    ASSERT_TRUE(slow.baseline);
    EXPECT_FALSE(slow.baseline->mann_whitney);
    ASSERT_EQ(slow.examples.size(), 1u);
    EXPECT_EQ(slow.examples[0].ts_ms, 0);
    auto const trend = trend_evidence(anomaly);
    EXPECT_EQ(trend.quantile, "p95");
    EXPECT_EQ(trend.mann_kendall.p_value, 1);
    EXPECT_EQ(trend.window_ms, 0);
    EXPECT_EQ(example_calls(anomaly).size(), 1u);
}

TEST(Evidence, HandEditedCountKindsReadWithDefaults) {
    Anomaly anomaly;
    anomaly.evidence = {{"count", "many"},
                        {"templates", {{{"pattern", 4}, {"count", -3}}, "x"}},
                        {"spike_window", {1}},
                        {"definition", {{"file", "a.cpp"}, {"line", 1e20}}}};
    auto const errors = errors_evidence(anomaly);
    EXPECT_EQ(errors.count, 0u);
    ASSERT_EQ(errors.templates.size(), 1u);
    EXPECT_EQ(errors.templates[0].pattern, "");
    EXPECT_EQ(errors.templates[0].count, 0u);
    EXPECT_FALSE(errors.spike_window);
    auto const untested = untested_evidence(anomaly);
    EXPECT_EQ(untested.definition_file, "a.cpp");
    EXPECT_EQ(untested.definition_line, 0u);
    anomaly.evidence = "not an object";
    EXPECT_TRUE(errors_evidence(anomaly).templates.empty());
    EXPECT_TRUE(untested_evidence(anomaly).examples.empty());
}

} // namespace
} // namespace medic
