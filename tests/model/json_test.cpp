#include "bot/model/json.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

TEST(Json, TelemetrySummaryRoundTrips) {
    TelemetrySummary summary;
    HandlerStats handler;
    handler.handler = "shop::Search::handle";
    handler.count = 2;
    handler.latency_ms.add(3.0);
    handler.latency_ms.add(4.0);
    handler.windows.push_back({60'000, 2, 0, 7.0, handler.latency_ms});
    handler.examples.push_back({1, 3.0, false, R"({"q":"x"})"});
    handler.code = CodeLocation{"shop::Search::handle", "src/catalog.cpp", 42};
    handler.names.span = "search";
    handler.names.route = "GET /search";
    summary.handlers.push_back(handler);
    summary.sequences.push_back({"checkout", 1, {{{"a", "b"}, 1, 0, {"r-1"}}}});
    summary.error_templates.push_back({"h", "no zone <*>", 3, "no zone 7", 1, 2});
    summary.ingest.sources.push_back({"f.jsonl", "medic-jsonl", 10, 2, 2, 0, 1, 1, ""});

    auto const copy = nlohmann::json(summary).get<TelemetrySummary>();
    EXPECT_EQ(nlohmann::json(copy), nlohmann::json(summary));
    ASSERT_TRUE(copy.handlers.front().code);
    EXPECT_EQ(copy.handlers.front().code->lineno, 42);
}

TEST(Json, AnomalyReportRoundTripsAndChecksItsSchemaMarker) {
    AnomalyReport report;
    report.generated_at = "2026-11-20T10:00:00.000Z";
    Anomaly anomaly;
    anomaly.id = anomaly_fingerprint(AnomalyKind::slow, "h", "");
    anomaly.handler = "h";
    anomaly.severity = Severity::critical;
    anomaly.summary = "h is slow";
    report.anomalies.push_back(anomaly);
    auto const text = nlohmann::json(report).dump();
    auto const copy = from_json_text<AnomalyReport>(text, "report");
    ASSERT_TRUE(copy) << copy.error().message;
    EXPECT_EQ(copy->anomalies.front().severity, Severity::critical);

    auto wrong = nlohmann::json::parse(text);
    wrong["schema"] = "medic.anomaly-report/v9";
    auto const refused = from_json_text<AnomalyReport>(wrong.dump(), "report");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
    EXPECT_NE(refused.error().message.find("unsupported report schema"), std::string::npos);
}

TEST(Json, FingerprintsAreStableAndDistinguishTheirParts) {
    // Pinned value: changing the hash would break every open PR's identity.
    EXPECT_EQ(anomaly_fingerprint(AnomalyKind::slow, "shop::Search::handle", ""),
              "10ddd07e9a70bba1");
    EXPECT_EQ(anomaly_fingerprint(AnomalyKind::slow, "a", "").size(), 16u);
    EXPECT_NE(anomaly_fingerprint(AnomalyKind::slow, "ab", "c"),
              anomaly_fingerprint(AnomalyKind::slow, "a", "bc"));
    EXPECT_NE(anomaly_fingerprint(AnomalyKind::slow, "a", ""),
              anomaly_fingerprint(AnomalyKind::trend, "a", ""));
}

TEST(Json, ConfigRoundTrips) {
    MedicConfig config;
    config.handlers["h"].budget = LatencyBudget{0.99, 12.5};
    config.sequences["checkout"] = {"a", "b"};
    auto const copy = nlohmann::json(config).get<MedicConfig>();
    EXPECT_EQ(nlohmann::json(copy), nlohmann::json(config));
}

} // namespace
} // namespace medic
