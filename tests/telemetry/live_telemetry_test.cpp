// Live telemetry: OTLP/JSON logs requests as exporters send them (both field spellings, severity
// as number or enum name, bodies of every kind), and a live aggregation whose snapshot, at any
// moment, equals what ingest gives for a file of the same requests, while it goes on.

#include "analyzers/telemetry/ingest.hpp"
#include "analyzers/telemetry/live_telemetry.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::telemetry {
namespace {

std::string span(std::string_view id, std::string_view parent, std::string_view name,
                 std::int64_t start_ms, double duration_ms, bool error = false) {
    auto const start = start_ms * 1'000'000;
    auto const end = start + static_cast<std::int64_t>(duration_ms * 1e6);
    std::string text = R"({"traceId":"t1","spanId":")" + std::string(id) + "\"";
    if (!parent.empty())
        text += R"(,"parentSpanId":")" + std::string(parent) + "\"";
    text += R"(,"name":")" + std::string(name) + R"(","kind":2,"startTimeUnixNano":")" +
            std::to_string(start) + R"(","endTimeUnixNano":")" + std::to_string(end) + "\"";
    if (error)
        text += R"(,"status":{"code":2,"message":"order 17 has no lines"})";
    return text + "}";
}

std::string traces_request(const std::vector<std::string>& spans) {
    std::string text = R"({"resourceSpans":[{"scopeSpans":[{"spans":[)";
    for (std::size_t i = 0; i < spans.size(); ++i)
        text += (i ? "," : "") + spans[i];
    return text + "]}]}]}";
}

constexpr std::string_view k_logs_request = R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[
  {"timeUnixNano":"1795132800000000000","severityNumber":17,"body":{"stringValue":"payment 41 declined"},
   "attributes":[{"key":"code.function.name","value":{"stringValue":"shop::Pay::handle"}}]},
  {"time_unix_nano":1795132801000000000,"severity_number":"SEVERITY_NUMBER_ERROR2","severity_text":"E",
   "body":{"string_value":"payment 42 declined"},
   "attributes":[{"key":"code.function","value":{"stringValue":"handle"}},
                 {"key":"code.namespace","value":{"stringValue":"shop::Pay"}}]},
  {"observedTimeUnixNano":"1795132802000000000","severityText":"fatal",
   "body":{"kvlistValue":{"values":[{"key":"code","value":{"intValue":"7"}}]}},
   "attributes":[{"key":"handler","value":{"stringValue":"GET /cart"}}]},
  {"severityNumber":"SEVERITY_NUMBER_INFO","body":{"stringValue":"started"}},
  7
]}]}]})";

TEST(OtlpLogs, ReadsEveryShapeExportersWriteAndCountsWhatIsNoRecord) {
    auto live = std::move(*LiveTelemetry::create({}));
    auto const outcome = live->add(OtlpSignal::logs, k_logs_request);
    EXPECT_TRUE(outcome.request);
    EXPECT_EQ(outcome.accepted, 4u);
    EXPECT_EQ(outcome.rejected, 1u);
    EXPECT_NE(outcome.problem.find("not an object"), std::string::npos);
    auto const summary = live->snapshot();
    EXPECT_EQ(summary.log_lines, 4u);
    ASSERT_EQ(summary.ingest.sources.size(), 2u);
    EXPECT_EQ(summary.ingest.sources[1].records, 4u);
    EXPECT_EQ(summary.ingest.sources[1].malformed, 1u);
    // Two error messages of one handler (named both ways) in one template; the fatal map body.
    std::uint64_t pay = 0, cart = 0;
    for (auto const& group : summary.error_templates) {
        pay += group.handler == "shop::Pay::handle" ? group.count : 0;
        cart += group.handler == "GET /cart" ? group.count : 0;
    }
    EXPECT_EQ(pay, 2u);
    EXPECT_EQ(cart, 1u);
}

TEST(OtlpLogs, RefusesWhatIsNoLogsRequest) {
    auto live = std::move(*LiveTelemetry::create({}));
    for (std::string_view body : {R"({"resourceSpans":[]})", "{\"resourceLogs\":", "[]", ""}) {
        auto const outcome = live->add(OtlpSignal::logs, body);
        EXPECT_FALSE(outcome.request) << body;
        EXPECT_FALSE(outcome.problem.empty()) << body;
    }
    EXPECT_TRUE(live->add(OtlpSignal::logs, R"({"resourceLogs":[]})").request);
    EXPECT_TRUE(live->add(OtlpSignal::logs, "{}").request);
    EXPECT_TRUE(live->add(OtlpSignal::traces, "{}").request);
    EXPECT_EQ(live->records(), 0u);
}

TEST(LiveTelemetry, SnapshotEqualsIngestOfTheSameRequestsAndAggregationGoesOn) {
    std::vector<std::string> requests;
    for (int i = 0; i < 40; ++i) {
        auto const start = 1'795'132'800'000 + i * 1000;
        auto const parent = "p" + std::to_string(i);
        // A checkout run of two steps per trace, the parent exported after its children.
        requests.push_back(traces_request(
            {span("a" + std::to_string(i), parent, "reserve", start, 2.0 + i % 3),
             span("b" + std::to_string(i), parent, "charge", start + 3, 5.0, i % 10 == 0)}));
        requests.push_back(traces_request({span(parent, "", "checkout", start, 9.0)}));
    }
    auto live = std::move(*LiveTelemetry::create({}));
    std::string file;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        EXPECT_EQ(live->add(OtlpSignal::traces, requests[i]).rejected, 0u);
        file += requests[i] + "\n";
        if (i == requests.size() / 2) {
            auto const halfway = live->snapshot();
            ASSERT_EQ(halfway.sequences.size(), 1u);
            EXPECT_GT(halfway.sequences[0].runs, 0u);
        }
    }
    test::TempDir dir;
    auto const ingested = ingest({dir.write("traces.otlp.jsonl", file)}, {});
    ASSERT_TRUE(ingested) << ingested.error().message;
    auto const snapshot = live->snapshot();
    ASSERT_EQ(snapshot.handlers.size(), ingested->handlers.size());
    for (std::size_t i = 0; i < snapshot.handlers.size(); ++i) {
        auto const& a = snapshot.handlers[i];
        auto const& b = ingested->handlers[i];
        EXPECT_EQ(a.handler, b.handler);
        EXPECT_EQ(a.count, b.count);
        EXPECT_EQ(a.errors, b.errors);
        EXPECT_DOUBLE_EQ(a.sum_ms, b.sum_ms);
        EXPECT_EQ(a.latency_ms.quantile(0.95), b.latency_ms.quantile(0.95));
        EXPECT_EQ(a.windows.size(), b.windows.size());
    }
    ASSERT_EQ(snapshot.sequences.size(), 1u);
    ASSERT_EQ(ingested->sequences.size(), 1u);
    EXPECT_EQ(snapshot.sequences[0].runs, ingested->sequences[0].runs);
    EXPECT_EQ(snapshot.sequences[0].runs, 40u);
    EXPECT_EQ(snapshot.sequences[0].orders.size(), ingested->sequences[0].orders.size());
    EXPECT_EQ(snapshot.error_templates.size(), ingested->error_templates.size());
    EXPECT_EQ(snapshot.ingest.sources[0].envelope_spans, 40u);
    // Taking a snapshot changed nothing: the next one is the same.
    EXPECT_EQ(live->snapshot().handlers[0].count, snapshot.handlers[0].count);
    EXPECT_EQ(live->records(), 80u);
}

/// `traces` checkout runs of two steps, ten minutes apart (past the 5-minute run idle timeout),
/// children first, each parent after them: one batch as an exporter sends it.
std::string batch_of_runs(int first, int traces) {
    std::vector<std::string> spans;
    for (int i = first; i < first + traces; ++i) {
        auto const start = 1'795'132'800'000LL + i * 600'000LL;
        auto const parent = "p" + std::to_string(i);
        spans.push_back(span("a" + std::to_string(i), parent, "reserve", start, 2.0));
        spans.push_back(span("b" + std::to_string(i), parent, "charge", start + 3, 5.0));
        spans.push_back(span(parent, "", "checkout", start, 9.0));
    }
    return traces_request(spans);
}

TEST(LiveTelemetry, BatchesOfManyTracesArrivingOutOfOrderKeepEveryRun) {
    auto live = std::move(*LiveTelemetry::create({}));
    // The SDK exports batches concurrently: the later one may arrive first.
    live->add(OtlpSignal::traces, batch_of_runs(20, 20));
    live->add(OtlpSignal::traces, batch_of_runs(0, 20));
    auto const summary = live->snapshot();
    ASSERT_EQ(summary.sequences.size(), 1u);
    EXPECT_EQ(summary.sequences[0].name, "checkout");
    EXPECT_EQ(summary.sequences[0].runs, 40u);
    EXPECT_EQ(summary.ingest.sources[0].envelope_spans, 40u);
}

TEST(LiveTelemetry, RunsThatInterleaveInALateBatchAreKeptApart) {
    auto live = std::move(*LiveTelemetry::create({}));
    live->add(OtlpSignal::traces, batch_of_runs(20, 20));
    // Two old traces whose steps interleave, as a server with requests in flight exports them.
    auto const at = [](int minutes) { return 1'795'132'800'000LL + minutes * 600'000LL; };
    live->add(
        OtlpSignal::traces,
        traces_request(
            {span("a1", "p1", "reserve", at(1), 2.0), span("a2", "p2", "reserve", at(2), 2.0),
             span("b1", "p1", "charge", at(1) + 3, 5.0), span("b2", "p2", "charge", at(2) + 3, 5.0),
             span("p1", "", "checkout", at(1), 9.0), span("p2", "", "checkout", at(2), 9.0)}));
    auto const summary = live->snapshot();
    ASSERT_EQ(summary.sequences.size(), 1u);
    EXPECT_EQ(summary.sequences[0].runs, 22u);
    EXPECT_EQ(summary.sequences[0].single_step_runs, 0u);
    ASSERT_EQ(summary.sequences[0].orders.size(), 1u) << "every run in the order reserve, charge";
}

TEST(LiveTelemetry, ASpanWithoutAnEndIsCountedWithItsReason) {
    auto live = std::move(*LiveTelemetry::create({}));
    auto const outcome = live->add(
        OtlpSignal::traces,
        R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"1","spanId":"2","name":"GET /x","startTimeUnixNano":"1795132800000000000"}]}]}]})");
    EXPECT_TRUE(outcome.request);
    EXPECT_EQ(outcome.rejected, 1u);
    EXPECT_NE(outcome.problem.find("end"), std::string::npos);
    auto const summary = live->snapshot();
    ASSERT_EQ(summary.ingest.malformed.size(), 1u);
    EXPECT_EQ(summary.ingest.malformed[0].source, "POST /v1/traces");
    EXPECT_EQ(summary.ingest.malformed[0].line, 1u);
}

TEST(Ingest, ReadsAFileOfOtlpLogsRequests) {
    test::TempDir dir;
    std::string compact(k_logs_request);
    std::erase(compact, '\n');
    auto const summary =
        ingest({dir.write("logs.otlp.jsonl", compact + "\n" + compact + "\n")}, {});
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->log_lines, 8u);
    EXPECT_EQ(summary->ingest.sources[0].records, 8u);
    EXPECT_EQ(summary->ingest.sources[0].malformed, 2u);
}

} // namespace
} // namespace medic::telemetry
