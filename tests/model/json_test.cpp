#include "bot/model/json.hpp"
#include "bot/model/text.hpp"

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

TEST(Json, TextThatIsNotUtf8BecomesReplacementCharactersNotAnException) {
    nlohmann::json document = {{"latin1", "caf\xe9"}, {"cut", std::string("\xe2\x82")}};
    std::string text;
    ASSERT_NO_THROW(text = to_json_text(document, 2));
    EXPECT_NE(text.find("caf\xef\xbf\xbd"), std::string::npos) << text; // U+FFFD
    EXPECT_TRUE(nlohmann::json::accept(text));
}

TEST(Json, Utf8PrefixNeverEndsInsideACharacter) {
    std::string const euro = "\xe2\x82\xac"; // €, three bytes
    EXPECT_EQ(utf8_prefix("ab" + euro, 4), "ab");
    EXPECT_EQ(utf8_prefix("ab" + euro, 5), "ab" + euro);
    EXPECT_EQ(utf8_prefix("abc", 2), "ab");
    EXPECT_EQ(utf8_prefix(euro + euro, 3), euro);
    EXPECT_EQ(utf8_prefix("\x80\x80\x80", 2), "\x80\x80"); // not UTF-8 at all: cut as bytes
}

TEST(Text, ValidUtf8ReplacesEachBadByteAndKeepsTheRest) {
    std::string const replacement = "\xef\xbf\xbd";
    std::string const euro = "\xe2\x82\xac";
    EXPECT_EQ(valid_utf8("caf\xc3\xa9 " + euro + " \xf0\x9f\x98\x80"),
              "caf\xc3\xa9 " + euro + " \xf0\x9f\x98\x80");
    EXPECT_EQ(valid_utf8("caf\xe9!"), "caf" + replacement + "!");                   // Latin-1
    EXPECT_EQ(valid_utf8("ab\xe2\x82"), "ab" + replacement + replacement);          // cut short
    EXPECT_EQ(valid_utf8("\xc0\xaf"), replacement + replacement);                   // overlong '/'
    EXPECT_EQ(valid_utf8("\xed\xa0\x80"), replacement + replacement + replacement); // surrogate
    EXPECT_EQ(valid_utf8(""), "");
}

TEST(Text, SplitKeepsEmptyPartsBetweenSeparators) {
    EXPECT_EQ(split("publish.auto_merge.method", '.'),
              (std::vector<std::string>{"publish", "auto_merge", "method"}));
    EXPECT_EQ(split("a..b.", '.'), (std::vector<std::string>{"a", "", "b", ""}));
    EXPECT_TRUE(split("", '.').empty());
    EXPECT_EQ(split("one", '.'), (std::vector<std::string>{"one"}));
}

TEST(Json, AReportWhoseIdCouldEscapeAFolderIsRefused) {
    for (auto const* id : {"../../x", "/abs/path", "a b", "", "id.json"}) {
        nlohmann::json report = {{"schema", AnomalyReport::k_schema},
                                 {"generated_at", "2026-12-06T00:00:00Z"},
                                 {"anomalies", {{{"id", id}, {"kind", "slow"}}}}};
        auto const read = from_json_text<AnomalyReport>(report.dump(), "report.json");
        ASSERT_FALSE(read) << id;
        EXPECT_NE(read.error().message.find("not a Medic fingerprint"), std::string::npos);
    }
    EXPECT_TRUE(is_anomaly_id("69ecf7a193c7dde9"));
}

TEST(Json, TextNestedDeeperThanAnyDocumentIsRefusedBeforeParsing) {
    std::string const deep = std::string(100'000, '[') + std::string(100'000, ']');
    EXPECT_TRUE(nests_deeper_than(deep, 256));
    EXPECT_FALSE(nests_deeper_than(R"({"a":"[[[[[[[[[[","b":[[1]]})", 3));
    auto const read = from_json_text<nlohmann::json>(deep, "deep.json");
    ASSERT_FALSE(read);
    EXPECT_NE(read.error().message.find("nests deeper"), std::string::npos);
}

TEST(Json, MembersAreReadForWhatTheyAreWithoutThrowing) {
    auto const run = nlohmann::json::parse(R"({"name":5,"ok":true,"text":"x"})");
    EXPECT_EQ(text_of(run, "name", "fallback"), "fallback");
    EXPECT_EQ(text_of(run, "text"), "x");
    EXPECT_TRUE(flag_of(run, "ok"));
    EXPECT_FALSE(flag_of(run, "name"));
    EXPECT_EQ(text_of(nlohmann::json::array(), "name"), "");
}

} // namespace
} // namespace medic
