#include "analyzers/telemetry/otlp_parser.hpp"
#include "bot/model/json.hpp"
#include "tests/telemetry/ingest_helpers.hpp"

#include <fstream>

namespace medic {
namespace {

using test::ingest_ok;

constexpr std::string_view k_events =
    R"({"ts":"2026-11-20T10:00:00.000Z","handler":"shop::Search::handle","duration_ms":2.5,"status":"ok","attrs":{"q":"red shoes"}}
{"ts":"2026-11-20T10:00:01.000Z","handler":"shop::Search::handle","duration_ms":3.5,"status":"error","error":"index timeout after 3 ms"}
{"ts":"2026-11-20T10:00:02.000Z","handler":"shop::Checkout::validate","duration_ms":0.2,"status":"ok","sequence":"checkout","run":"r-1","step":1}
{"ts":"2026-11-20T10:00:02.100Z","handler":"shop::Checkout::charge","duration_ms":0.3,"status":"ok","sequence":"checkout","run":"r-1","step":2}
)";

TEST(Formats, MedicJsonLines) {
    test::TempDir dir;
    auto const summary = ingest_ok({dir.write("events.jsonl", k_events)});
    ASSERT_EQ(summary.ingest.sources.size(), 1u);
    EXPECT_EQ(summary.ingest.sources[0].format, "medic-jsonl");
    EXPECT_EQ(summary.ingest.sources[0].records, 4u);
    auto const* search = find_handler(summary, "shop::Search::handle");
    ASSERT_NE(search, nullptr);
    EXPECT_EQ(search->count, 2u);
    EXPECT_EQ(search->errors, 1u);
    EXPECT_DOUBLE_EQ(search->sum_ms, 6.0);
    EXPECT_EQ(search->examples.size(), 2u);
    ASSERT_EQ(summary.sequences.size(), 1u);
    EXPECT_EQ(summary.sequences[0].orders[0].steps,
              (std::vector<std::string>{"shop::Checkout::validate", "shop::Checkout::charge"}));
    ASSERT_EQ(summary.error_templates.size(), 1u);
    EXPECT_EQ(summary.error_templates[0].pattern, "index timeout after <*> ms");
    EXPECT_EQ(summary.first_ts_ms, 1'795'168'800'000LL);
}

TEST(Formats, GzipIsDetectedWithoutAFlag) {
    test::TempDir dir;
    auto const summary = ingest_ok({dir.write_gzip("events.jsonl.gz", k_events)});
    EXPECT_EQ(summary.ingest.sources[0].records, 4u);
    EXPECT_EQ(summary.ingest.sources[0].bytes, k_events.size());
}

TEST(Formats, StructuredJsonLogs) {
    test::TempDir dir;
    auto const path =
        dir.write("logs.jsonl", R"json({"ts":"2026-11-20T10:00:00Z","level":"info","msg":"started"}
{"ts":"2026-11-20T10:00:01Z","level":"ERROR","handler":"shop::Ship::handle","message":"no zone for country 'XZ' (order o-1)"}
{"ts":"2026-11-20T10:00:02Z","level":"error","handler":"shop::Ship::handle","message":"no zone for country 'QQ' (order o-2)"}
)json");
    auto const summary = ingest_ok({path});
    EXPECT_EQ(summary.ingest.sources[0].format, "json-log");
    EXPECT_EQ(summary.log_lines, 3u);
    ASSERT_EQ(summary.error_templates.size(), 1u);
    EXPECT_EQ(summary.error_templates[0].pattern, "no zone for country <*> (order <*>)");
    EXPECT_EQ(summary.error_templates[0].count, 2u);
    EXPECT_EQ(summary.error_templates[0].handler, "shop::Ship::handle");
}

TEST(Formats, PlainTextLogsThroughTheConfiguredPattern) {
    test::TempDir dir;
    auto const path =
        dir.write("app.log", "2026-11-20T10:00:00Z INFO [shop::Cart::add] added sku 12\n"
                             "2026-11-20T10:00:01Z ERROR [shop::Cart::add] cart c-9 is locked\n"
                             "garbage that is no log line\n");
    auto const summary = ingest_ok({path});
    EXPECT_EQ(summary.ingest.sources[0].format, "text-log");
    EXPECT_EQ(summary.log_lines, 2u);
    EXPECT_EQ(summary.ingest.malformed_total, 1u);
    EXPECT_EQ(summary.ingest.malformed[0].line, 3u);
    ASSERT_EQ(summary.error_templates.size(), 1u);
    EXPECT_EQ(summary.error_templates[0].handler, "shop::Cart::add");
}

/// One ExportTraceServiceRequest on one line, as the collector's file exporter writes it.
std::string otlp_request(std::string_view spans) {
    std::string one_line(spans);
    std::erase(one_line, '\n');
    return R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},"scopeSpans":[{"scope":{"name":"t"},"spans":[)" +
           one_line + "]}]}]}";
}

constexpr std::string_view k_checkout_spans =
    R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"checkout","kind":2,"startTimeUnixNano":"1795168800000000000","endTimeUnixNano":"1795168800009000000"},
{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"0000000000000002","parentSpanId":"b7ad6b7169203331","name":"charge_payment","kind":1,"startTimeUnixNano":"1795168800001000000","endTimeUnixNano":"1795168800003000000","attributes":[{"key":"code.function.name","value":{"stringValue":"shop::ChargePayment::handle"}},{"key":"code.filepath","value":{"stringValue":"src/checkout.cpp"}},{"key":"code.lineno","value":{"intValue":"88"}},{"key":"cart.items","value":{"intValue":"3"}}]},
{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"0000000000000003","parentSpanId":"b7ad6b7169203331","name":"reserve_stock","kind":1,"startTimeUnixNano":"1795168800004000000","endTimeUnixNano":"1795168800005000000","status":{"code":2,"message":"stock reservation failed for order o-7"},"attributes":[{"key":"code.function","value":{"stringValue":"handle"}},{"key":"code.namespace","value":{"stringValue":"shop::ReserveStock"}}]},
{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"0000000000000001","parentSpanId":"b7ad6b7169203331","name":"validate_cart","kind":1,"startTimeUnixNano":"1795168800000500000","endTimeUnixNano":"1795168800000900000"})";

TEST(Formats, OtlpJsonLinesWithCodeAttributesAndSequences) {
    test::TempDir dir;
    auto const summary =
        ingest_ok({dir.write("traces.jsonl", otlp_request(k_checkout_spans) + "\n")});
    EXPECT_EQ(summary.ingest.sources[0].format, "otlp-json");
    auto const* charge = find_handler(summary, "shop::ChargePayment::handle");
    ASSERT_NE(charge, nullptr);
    EXPECT_NEAR(charge->latency_ms.quantile(0.5), 2.0, 0.02);
    ASSERT_TRUE(charge->code);
    EXPECT_EQ(charge->code->filepath, "src/checkout.cpp");
    EXPECT_EQ(charge->code->lineno, 88);
    EXPECT_EQ(charge->examples[0].attrs_json.find("cart.items") != std::string::npos, true);
    auto const* reserve = find_handler(summary, "shop::ReserveStock::handle"); // old code.* names
    ASSERT_NE(reserve, nullptr);
    EXPECT_EQ(reserve->errors, 1u);
    EXPECT_EQ(find_handler(summary, "checkout"), nullptr) << "the envelope span is no handler";
    ASSERT_EQ(summary.sequences.size(), 1u);
    EXPECT_EQ(summary.sequences[0].name, "checkout");
    EXPECT_EQ(summary.sequences[0].orders[0].steps,
              (std::vector<std::string>{"validate_cart", "shop::ChargePayment::handle",
                                        "shop::ReserveStock::handle"}));
    EXPECT_EQ(summary.sequences[0].orders[0].failed_runs, 1u);
}

TEST(Formats, OtlpPrettyPrintedDocument) {
    test::TempDir dir;
    auto document = nlohmann::json::parse(otlp_request(k_checkout_spans)).dump(2);
    auto const summary = ingest_ok({dir.write("export.json", document)});
    EXPECT_EQ(summary.ingest.sources[0].format, "otlp-json");
    EXPECT_EQ(summary.ingest.sources[0].records, 3u) << "three calls; the envelope is no call";
    EXPECT_NE(find_handler(summary, "shop::ChargePayment::handle"), nullptr);
}

TEST(Formats, GoogleBenchmarkJsonRepetitions) {
    test::TempDir dir;
    auto const path = dir.write("bench.json", R"({
  "context": {"date": "2026-11-20T10:00:00+00:00", "num_cpus": 2, "library_build_type": "release"},
  "benchmarks": [
    {"name": "BM_Search/64", "run_name": "BM_Search/64", "run_type": "iteration", "repetitions": 2,
     "repetition_index": 0, "iterations": 1000, "real_time": 1500.0, "cpu_time": 1490.0, "time_unit": "us"},
    {"name": "BM_Search/64", "run_name": "BM_Search/64", "run_type": "iteration", "repetitions": 2,
     "repetition_index": 1, "iterations": 1000, "real_time": 1600.0, "cpu_time": 1590.0, "time_unit": "us"},
    {"name": "BM_Search/64_mean", "run_name": "BM_Search/64", "run_type": "aggregate",
     "aggregate_name": "mean", "iterations": 2, "real_time": 1550.0, "cpu_time": 1540.0, "time_unit": "us"}
  ]
})");
    auto const summary = ingest_ok({path});
    EXPECT_EQ(summary.ingest.sources[0].format, "gbench-json");
    auto const* search = find_handler(summary, "BM_Search/64");
    ASSERT_NE(search, nullptr);
    EXPECT_EQ(search->count, 2u) << "aggregates are not samples";
    EXPECT_EQ(search->source, SampleSource::benchmark);
    EXPECT_NEAR(search->max_ms, 1.6, 1e-9);
}

TEST(Formats, SeveralInputsOfDifferentFormatsAddUp) {
    test::TempDir dir;
    auto const summary = ingest_ok({dir.write("a.jsonl", k_events),
                                    dir.write("b.jsonl", otlp_request(k_checkout_spans) + "\n")});
    EXPECT_EQ(summary.ingest.sources.size(), 2u);
    EXPECT_NE(find_handler(summary, "shop::Search::handle"), nullptr);
    EXPECT_NE(find_handler(summary, "shop::ChargePayment::handle"), nullptr);
}

} // namespace
} // namespace medic

#include "analyzers/telemetry/json_lines_parser.hpp"

namespace medic {
namespace {

/// Both builds of the bulk parser must read lines identically (this CPU picks haswell, so the
/// generic build would otherwise go untested). Lines are views into one buffer, as in ingest.
/// Both builds of a parser, fed the same input (skipped on CPUs without AVX2).
class KernelsAgree : public testing::Test {
protected:
    void SetUp() override {
        __builtin_cpu_init();
        if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi2"))
            GTEST_SKIP() << "this CPU cannot run the AVX2 build";
        auto created = telemetry::Redactor::create({});
        ASSERT_TRUE(created);
        redactor.emplace(std::move(*created));
    }
    std::optional<telemetry::Redactor> redactor;
    TelemetryConfig config;
};

TEST_F(KernelsAgree, OnJsonLines) {
    std::string buffer = std::string(k_events) + "{\"handler\":\"h\",\"duration_ms\":\"x\"}\n";
    auto const size = buffer.size();
    buffer.append(telemetry::LineReader::k_padding, '\0');
    auto summarise = [&](telemetry::SimdKernel kernel) {
        telemetry::Aggregator aggregator(config, *redactor);
        auto parser = telemetry::make_json_lines_parser(aggregator, kernel);
        std::vector<std::string> problems;
        std::uint64_t number = 0;
        for (std::size_t start = 0; start < size;) {
            auto const end = buffer.find('\n', start);
            telemetry::Line line{std::string_view(buffer).substr(start, end - start), ++number,
                                 false, buffer.size() - start};
            if (auto problem = parser->parse(line))
                problems.push_back(*problem);
            start = end + 1;
        }
        return std::pair(nlohmann::json(aggregator.finish({})).dump(), problems);
    };
    auto const generic = summarise(telemetry::SimdKernel::generic);
    auto const avx2 = summarise(telemetry::SimdKernel::haswell);
    EXPECT_EQ(generic.first, avx2.first);
    EXPECT_EQ(generic.second, avx2.second);
    EXPECT_EQ(generic.second.size(), 1u);
}

/// The same for the OTLP parser, on the hand-written edge cases (every shape proto3 allows).
TEST_F(KernelsAgree, OnOtlp) {
    std::ifstream in(std::string(MEDIC_SOURCE_ROOT) + "/tests/telemetry/otlp/edge_cases.jsonl");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line + std::string(telemetry::LineReader::k_padding, '\0'));
    ASSERT_EQ(lines.size(), 12u);
    auto summarise = [&](telemetry::SimdKernel kernel) {
        telemetry::Aggregator aggregator(config, *redactor);
        auto parser = telemetry::make_otlp_parser(aggregator, kernel);
        std::vector<std::string> problems;
        for (auto const& line : lines) {
            auto const size = line.size() - telemetry::LineReader::k_padding;
            auto outcome = parser->parse(std::string_view(line).substr(0, size), line.size());
            problems.push_back(std::to_string(outcome.spans) + " " + outcome.problem);
        }
        return std::pair(nlohmann::json(aggregator.finish({})).dump(), problems);
    };
    auto const generic = summarise(telemetry::SimdKernel::generic);
    auto const avx2 = summarise(telemetry::SimdKernel::haswell);
    EXPECT_EQ(generic.first, avx2.first);
    EXPECT_EQ(generic.second, avx2.second);
}

} // namespace
} // namespace medic

namespace medic {
namespace {

constexpr std::string_view k_trace = "0af7651916cd43dd8448eb211c80319c";

std::string span(std::string_view id, std::string_view parent, std::string_view name,
                 std::string_view start, std::string_view end, bool code) {
    std::string text =
        R"({"traceId":")" + std::string(k_trace) + R"(","spanId":")" + std::string(id) + '"';
    if (!parent.empty())
        text += R"(,"parentSpanId":")" + std::string(parent) + '"';
    text += R"(,"name":")" + std::string(name) + R"(","startTimeUnixNano":")" + std::string(start) +
            R"(","endTimeUnixNano":")" + std::string(end) + '"';
    if (code)
        text += R"(,"attributes":[{"key":"code.function.name","value":{"stringValue":"shop::)" +
                std::string(name) + R"("}}])";
    return text + "}";
}

TEST(Formats, OtlpEnvelopeWrittenAfterItsChildrenIsNoHandler) {
    // Exporters write a parent span when it ends, after its children: three requests in a row.
    test::TempDir dir;
    std::string const lines =
        otlp_request(
            span("0000000000000001", "00000000000000aa", "Validate", "1000000", "2000000", true)) +
        "\n" +
        otlp_request(
            span("0000000000000002", "00000000000000aa", "Charge", "3000000", "4000000", true)) +
        "\n" + otlp_request(span("00000000000000aa", "", "checkout", "0", "5000000", false)) + "\n";
    auto const summary = ingest_ok({dir.write("traces.jsonl", lines)});
    EXPECT_EQ(find_handler(summary, "checkout"), nullptr);
    ASSERT_EQ(summary.sequences.size(), 1u);
    EXPECT_EQ(summary.sequences[0].name, "checkout");
    EXPECT_EQ(summary.ingest.sources[0].records, 2u);
}

TEST(Formats, OneBadSpanIsSkippedAndTheRestOfTheRequestIsRead) {
    test::TempDir dir;
    std::string const spans =
        span("0000000000000001", "", "Good", "1000000", "2000000", true) + "," +
        span("0000000000000002", "", "Backwards", "9000000", "2000000", true) + "," +
        span("0000000000000003", "", "AlsoGood", "1000000", "3000000", true);
    auto const summary = ingest_ok({dir.write("traces.jsonl", otlp_request(spans) + "\n")});
    EXPECT_EQ(summary.ingest.sources[0].records, 2u);
    ASSERT_EQ(summary.ingest.malformed_total, 1u);
    EXPECT_NE(summary.ingest.malformed[0].reason.find("1 span(s) skipped"), std::string::npos);
    EXPECT_NE(find_handler(summary, "shop::AlsoGood"), nullptr);
}

} // namespace
} // namespace medic
