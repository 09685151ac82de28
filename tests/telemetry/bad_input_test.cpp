#include "tests/telemetry/ingest_helpers.hpp"

#include <algorithm>
#include <filesystem>

namespace medic {
namespace {

using test::ingest_ok;

constexpr std::string_view k_good =
    R"({"ts":"2026-11-20T10:00:00Z","handler":"h","duration_ms":1.0,"status":"ok"})";

TEST(BadInput, MalformedLinesAreCountedWithTheirNumbersAndTheRestIsRead) {
    test::TempDir dir;
    std::string text = std::string(k_good) + "\n";
    text += "{\"handler\":\"h\",\"duration_ms\":\"slow\"}\n";               // 2: wrong type
    text += "{\"handler\":\"h\",\"duration_ms\":1.0\n";                     // 3: unterminated
    text += "\n";                                                           // 4: blank, fine
    text += "{\"ts\":\"yesterday\",\"handler\":\"h\",\"duration_ms\":1}\n"; // 5: bad time
    text += "{\"duration_ms\":1}\n";                                        // 6: no handler
    text += "{\"handler\":\"h\",\"duration_ms\":-3}\n";                     // 7: negative
    text += "{\"handler\":\"h\",\"duration_ms\":1} trailing\n";             // 8: trailing text
    text += std::string(k_good) + "\n";
    auto const summary = ingest_ok({dir.write("events.jsonl", text)});
    EXPECT_EQ(summary.ingest.sources[0].records, 2u);
    EXPECT_EQ(summary.ingest.malformed_total, 6u);
    std::vector<std::uint64_t> lines;
    for (auto const& bad : summary.ingest.malformed)
        lines.push_back(bad.line);
    EXPECT_EQ(lines, (std::vector<std::uint64_t>{2, 3, 5, 6, 7, 8}));
    EXPECT_NE(summary.ingest.malformed[0].reason.find("duration_ms"), std::string::npos);
    EXPECT_NE(summary.ingest.malformed[3].reason.find("no 'handler'"), std::string::npos);
}

TEST(BadInput, AnInputThatGivesNoRecordIsNamedAndTheOthersStillCount) {
    test::TempDir dir;
    std::string nul(1u << 20, '\0');
    auto const summary = telemetry::ingest(
        {dir.write("empty.jsonl", "\n\n"), dir.write("bad.jsonl", "{\"x\":1}\n{\"y\":2}\n"),
         dir.write("nul.bin", nul), (dir.path() / "missing.jsonl").string(),
         dir.write("good.jsonl", k_good)},
        {});
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->ingest.sources[0].format, "empty");
    EXPECT_NE(summary->ingest.sources[0].error.find("the input is empty"), std::string::npos);
    EXPECT_NE(summary->ingest.sources[1].error.find("all 2 malformed"), std::string::npos);
    EXPECT_FALSE(summary->ingest.sources[2].error.empty());
    EXPECT_EQ(summary->ingest.sources[4].records, 1u);
    auto const unread = telemetry::unread_inputs(summary->ingest);
    for (auto const* name : {"empty.jsonl", "bad.jsonl", "nul.bin", "missing.jsonl"})
        EXPECT_NE(unread.find(name), std::string::npos) << name << " in: " << unread;
    EXPECT_EQ(unread.find("good.jsonl"), std::string::npos);
}

TEST(BadInput, NullMembersAreAbsentNotWrong) {
    test::TempDir dir;
    auto const summary = ingest_ok({dir.write(
        "events.jsonl",
        R"({"handler":"h","duration_ms":1,"error":null,"attrs":null,"ts":null,"run":null})"
        "\n")});
    EXPECT_EQ(summary.ingest.malformed_total, 0u);
    ASSERT_EQ(summary.handlers.size(), 1u);
    EXPECT_EQ(summary.handlers[0].count, 1u);
}

TEST(BadInput, AttributesNestedAbsurdlyDeepAreNotKeptAsAnExample) {
    test::TempDir dir;
    constexpr int k_depth = 100'000;
    std::string attrs = std::string(k_depth, '[') + std::string(k_depth, ']');
    std::string line = R"({"handler":"h","duration_ms":1,"attrs":{"a":)" + attrs + "}}\n";
    auto const summary = ingest_ok({dir.write("deep.jsonl", line + std::string(k_good) + "\n")});
    EXPECT_EQ(summary.ingest.malformed_total, 0u);
    ASSERT_EQ(summary.handlers.size(), 1u);
    for (auto const& example : summary.handlers[0].examples)
        EXPECT_LT(example.attrs_json.size(), 1000u);
}

TEST(BadInput, BlankLinesBeforeTheFirstContentLineAreNotHeld) {
    test::TempDir dir;
    std::string text(2'000'000, '\n');
    text += std::string(k_good) + "\n";
    auto const summary = ingest_ok({dir.write_gzip("blank.jsonl.gz", text)});
    EXPECT_EQ(summary.ingest.sources[0].records, 1u);
    EXPECT_EQ(summary.ingest.sources[0].format, "medic-jsonl");
}

TEST(BadInput, HandlersPastTheLimitAreMalformedWithTheReason) {
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 5; ++i)
        text += R"({"handler":"GET /items/)" + std::to_string(i) + R"(","duration_ms":1})" + "\n";
    TelemetryConfig config;
    config.max_handlers = 3;
    auto const summary = ingest_ok({dir.write("many.jsonl", text)}, config);
    EXPECT_EQ(summary.handlers.size(), 3u);
    ASSERT_EQ(summary.ingest.malformed_total, 2u);
    EXPECT_NE(summary.ingest.malformed[0].reason.find("telemetry.max_handlers"), std::string::npos);
}

TEST(BadInput, OneOtlpLineAmongEventsTakesNothingAwayFromThem) {
    test::TempDir dir;
    std::string const otlp =
        R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"GET /x","kind":2,)"
        R"("startTimeUnixNano":"1795132800000000000","endTimeUnixNano":"1795132800001000000"}]}]}]})";
    std::string text = std::string(k_good) + "\n" + otlp + "\n";
    for (int i = 0; i < 20; ++i)
        text += std::string(k_good) + "\n";
    auto const mostly_events = ingest_ok({dir.write("events.jsonl", text)});
    EXPECT_EQ(mostly_events.ingest.sources[0].records, 22u);
    EXPECT_EQ(mostly_events.ingest.malformed_total, 0u);
    // And the other way round: events among OTLP requests.
    auto const mostly_otlp = ingest_ok(
        {dir.write("traces.jsonl", otlp + "\n" + otlp + "\n" + std::string(k_good) + "\n")});
    EXPECT_EQ(mostly_otlp.ingest.sources[0].records, 3u);
    EXPECT_EQ(mostly_otlp.ingest.malformed_total, 0u);
}

TEST(BadInput, WindowsOnBothSidesOf1970DoNotDivideByZero) {
    test::TempDir dir;
    TelemetryConfig config;
    config.window_ms = 900LL * 365 * 86'400'000;
    config.max_windows = 1;
    std::string text = R"({"ts":"1969-12-31T23:00:00Z","handler":"h","duration_ms":1})"
                       "\n"
                       R"({"ts":"1970-01-01T01:00:00Z","handler":"h","duration_ms":1})"
                       "\n";
    auto const summary = ingest_ok({dir.write("epoch.jsonl", text)}, config);
    ASSERT_EQ(summary.handlers.size(), 1u);
    EXPECT_EQ(summary.handlers[0].count, 2u);
}

TEST(BadInput, BenchmarkMembersOfTheWrongTypeAreAReasonNotACrash) {
    test::TempDir dir;
    auto const summary = telemetry::ingest(
        {dir.write("bench.json", R"({"context":{},"benchmarks":[{"name":5,"run_name":null,)"
                                 R"("run_type":[],"time_unit":{},"real_time":"fast"}]})"),
         dir.write("good.jsonl", k_good)},
        {});
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->ingest.sources[0].records, 0u);
    EXPECT_FALSE(summary->ingest.sources[0].error.empty());
}

TEST(BadInput, AHugeLineIsSkippedWithoutHoldingItInMemory) {
    test::TempDir dir;
    std::string text = std::string(k_good) + "\n{\"handler\":\"h\",\"attrs\":\"";
    text += std::string(20u << 20, 'x'); // 20 MiB, over the 16 MiB line limit
    text += "\"}\n" + std::string(k_good) + "\n";
    auto const summary = ingest_ok({dir.write("huge.jsonl", text)});
    EXPECT_EQ(summary.ingest.sources[0].records, 2u);
    ASSERT_EQ(summary.ingest.malformed_total, 1u);
    EXPECT_EQ(summary.ingest.malformed[0].line, 2u);
    EXPECT_NE(summary.ingest.malformed[0].reason.find("longer than 16 MiB"), std::string::npos);
}

TEST(BadInput, BinaryDataIsRefusedClearlyAndOtherInputsStillCount) {
    test::TempDir dir;
    std::string binary("\x7f"
                       "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
                       20);
    auto const summary =
        telemetry::ingest({dir.write("a.out", binary), dir.write("good.jsonl", k_good)}, {});
    ASSERT_TRUE(summary);
    EXPECT_NE(summary->ingest.sources[0].error.find("binary data"), std::string::npos);
    EXPECT_EQ(summary->ingest.sources[1].records, 1u);
}

TEST(BadInput, TruncatedGzipKeepsEverythingBeforeTheCut) {
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 20'000; ++i)
        text += std::string(k_good) + "\n";
    auto const path = dir.write_gzip("events.jsonl.gz", text);
    auto const size = std::filesystem::file_size(path);
    std::filesystem::resize_file(path, size * 2 / 3);
    auto const summary = ingest_ok({path});
    auto const& source = summary.ingest.sources[0];
    EXPECT_NE(source.error.find("gzip data ends early"), std::string::npos) << source.error;
    EXPECT_GT(source.records, 1000u);
    // Every complete line before the cut is read; at most the cut line is malformed.
    EXPECT_LE(source.malformed, 1u);
    EXPECT_EQ(source.records + source.malformed, source.lines);
}

TEST(BadInput, NothingReadableIsAnErrorThatSaysWhy) {
    test::TempDir dir;
    auto const summary = telemetry::ingest({(dir.path() / "missing.jsonl").string()}, {});
    ASSERT_FALSE(summary);
    EXPECT_EQ(summary.error().code, ErrorCode::invalid_input);
    EXPECT_NE(summary.error().message.find("missing.jsonl"), std::string::npos);
    EXPECT_NE(summary.error().message.find("No such file"), std::string::npos);
}

TEST(BadInput, UnknownTextFormatIsNamed) {
    test::TempDir dir;
    auto const summary = telemetry::ingest({dir.write("notes.txt", "hello world\n")}, {});
    ASSERT_FALSE(summary);
    EXPECT_NE(summary.error().message.find("unrecognised format"), std::string::npos);
}

TEST(BadInput, ADirectoryIsNotTelemetry) {
    test::TempDir dir;
    auto const summary = telemetry::ingest({dir.path().string()}, {});
    ASSERT_FALSE(summary);
    EXPECT_NE(summary.error().message.find("is a directory"), std::string::npos);
}

} // namespace
} // namespace medic

namespace medic {
namespace {

TEST(BadInput, ACutOffFirstLineDoesNotDecideTheFormatOfTheFile) {
    test::TempDir dir;
    auto const path =
        dir.write("events.jsonl", "{\"handler\":\"h\",\"duration_ms\":1\n" + std::string(k_good) +
                                      "\n" + std::string(k_good) + "\n");
    auto const summary = test::ingest_ok({path});
    EXPECT_EQ(summary.ingest.sources[0].format, "medic-jsonl");
    EXPECT_EQ(summary.ingest.sources[0].records, 2u);
    ASSERT_EQ(summary.ingest.malformed_total, 1u);
    EXPECT_EQ(summary.ingest.malformed[0].line, 1u);
}

/// One OTLP request of one server span, as an exporter writes a line.
std::string otlp_request(std::string_view name) {
    return R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"name":")" + std::string(name) +
           R"(","kind":2,"startTimeUnixNano":"1795132800000000000",)"
           R"("endTimeUnixNano":"1795132800001000000"}]}]}]})";
}

TEST(BadInput, ACutOffFirstOtlpLineHoldingASpanDoesNotSwallowTheFile) {
    test::TempDir dir;
    // The first request is cut right after its first span (a file rotated mid-write): that line
    // is malformed, and the complete requests after it are read, not taken as one document.
    auto const first = otlp_request("GET /a");
    std::string text = first.substr(0, first.size() - 6) + ",\n";
    for (int i = 0; i < 5; ++i)
        text += otlp_request("GET /c") + "\n";
    auto const summary = ingest_ok({dir.write("traces.jsonl", text)});
    EXPECT_EQ(summary.ingest.sources[0].format, "otlp-json");
    EXPECT_GE(summary.ingest.sources[0].records, 5u);
    ASSERT_EQ(summary.ingest.malformed_total, 1u);
    EXPECT_EQ(summary.ingest.malformed[0].line, 1u);
}

TEST(BadInput, AnEventWhoseAttributesMentionResourceSpansIsStillRead) {
    test::TempDir dir;
    // Mostly OTLP, so the OTLP parser goes first; an event with an attribute of that name is
    // not a request without spans, but an event.
    std::string const event =
        R"({"ts":"2026-11-20T10:00:00Z","handler":"h","duration_ms":1.0,"status":"ok",)"
        R"("attrs":{"resourceSpans":"an attribute, not OTLP"}})";
    auto const text = otlp_request("GET /a") + "\n" + otlp_request("GET /a") + "\n" + event + "\n";
    auto const summary = ingest_ok({dir.write("mixed.jsonl", text)});
    EXPECT_EQ(summary.ingest.sources[0].records, 3u);
    EXPECT_EQ(summary.ingest.malformed_total, 0u);
    EXPECT_TRUE(
        std::ranges::any_of(summary.handlers, [](auto const& h) { return h.handler == "h"; }));
}

TEST(BadInput, AByteOrderMarkAndABannerLineAreNotFatal) {
    test::TempDir dir;
    auto const bom =
        test::ingest_ok({dir.write("bom.jsonl", "\xEF\xBB\xBF" + std::string(k_good) + "\n")});
    EXPECT_EQ(bom.ingest.sources[0].records, 1u);
    auto const banner =
        test::ingest_ok({dir.write("app.log", "=== shop v1.4 starting ===\n"
                                              "2026-11-20T10:00:00Z INFO [h] ready\n"
                                              "2026-11-20T10:00:01Z ERROR [h] boom 7\n")});
    EXPECT_EQ(banner.ingest.sources[0].format, "text-log");
    EXPECT_EQ(banner.ingest.sources[0].records, 2u);
    EXPECT_EQ(banner.ingest.malformed_total, 1u);
}

TEST(BadInput, AnAbsurdDurationIsMalformedAndCannotSkewTheSketch) {
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 100; ++i)
        text += std::string(k_good) + "\n";
    text += R"({"handler":"h","duration_ms":1e40})"
            "\n";
    auto const summary = test::ingest_ok({dir.write("events.jsonl", text)});
    ASSERT_EQ(summary.ingest.malformed_total, 1u);
    EXPECT_NE(summary.ingest.malformed[0].reason.find("telemetry.max_duration"), std::string::npos);
    EXPECT_NEAR(find_handler(summary, "h")->latency_ms.quantile(0.95), 1.0, 0.02);
}

TEST(BadInput, MalformedLineReasonsAreRedacted) {
    test::TempDir dir;
    auto const path =
        dir.write("events.jsonl", std::string(k_good) + "\n" +
                                      R"({"ts":"alice@example.com","handler":"h","duration_ms":1})"
                                      "\n");
    auto const summary = test::ingest_ok({path});
    ASSERT_EQ(summary.ingest.malformed_total, 1u);
    EXPECT_EQ(summary.ingest.malformed[0].reason.find("alice@example.com"), std::string::npos)
        << summary.ingest.malformed[0].reason;
}

} // namespace
} // namespace medic

namespace medic {
namespace {

TEST(BadInput, ATruncatedLaterGzipMemberIsReportedNotTakenForAnEnd) {
    test::TempDir dir;
    auto const first = test::read_file(dir.write_gzip("a.gz", std::string(k_good) + "\n"));
    // Large enough for dynamic Huffman tables: its first dozens of bytes decode to nothing.
    std::string lines;
    for (int i = 0; i < 2000; ++i)
        lines += R"({"handler":"h)" + std::to_string(i % 97) + R"(","duration_ms":)" +
                 std::to_string(i % 13) + "}\n";
    auto const second = test::read_file(dir.write_gzip("b.gz", lines));
    // Cut in the second member's header, in its Huffman tables, and in its trailer.
    for (std::size_t cut : {std::size_t{12}, std::size_t{20}, std::size_t{40}, second.size() - 4}) {
        auto const path = dir.write("two.jsonl.gz", first + second.substr(0, cut));
        auto const summary = test::ingest_ok({path});
        auto const& source = summary.ingest.sources[0];
        EXPECT_GE(source.records, 1u) << "cut " << cut;
        EXPECT_NE(source.error.find("gzip data ends early"), std::string::npos) << "cut " << cut;
    }
    auto const whole = test::ingest_ok({dir.write("both.jsonl.gz", first + second)});
    EXPECT_EQ(whole.ingest.sources[0].records, 2001u);
    EXPECT_EQ(whole.ingest.sources[0].error, "");
}

} // namespace
} // namespace medic
