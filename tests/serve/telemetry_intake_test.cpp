// POST /v1/traces and /v1/logs without the HTTP transport: which repository a bearer token
// stands for, JSON encoding only, gzip bodies (real zlib), and OTLP/HTTP's answers — 200 with
// partialSuccess, 400 with a google.rpc.Status, 503 with Retry-After — on a real aggregation.

#include "bot/serve/telemetry_intake.hpp"
#include "tests/support/zip_writer.hpp"

#include <gtest/gtest.h>

namespace medic::serve {
namespace {

using telemetry::OtlpSignal;

/// Aggregates what reaches it per repository, or fails every take when `broken`.
class AggregatingSink final : public TelemetrySink {
public:
    Result<telemetry::LiveOutcome> take(const std::string& repository, OtlpSignal signal,
                                        std::string_view body) override {
        if (broken)
            return fail(ErrorCode::unavailable, "the disk is full");
        auto& live = windows[repository];
        if (!live)
            live = std::move(*telemetry::LiveTelemetry::create({}));
        return live->add(signal, body);
    }
    nlohmann::json status() override { return nlohmann::json::object(); }

    std::map<std::string, std::unique_ptr<telemetry::LiveTelemetry>> windows;
    bool broken = false;
};

std::string gzipped(std::string_view text) {
    return test::deflated(text, true);
}

constexpr std::string_view k_two_spans =
    R"({"resourceSpans":[{"scopeSpans":[{"spans":[
      {"traceId":"01","spanId":"02","name":"GET /ok","kind":2,"startTimeUnixNano":"1795132800000000000","endTimeUnixNano":"1795132800002000000"},
      {"traceId":"01","spanId":"03","name":"GET /bad","kind":2,"startTimeUnixNano":"1795132800000000000"}]}]}]})";

class TelemetryIntakeTest : public ::testing::Test {
protected:
    OtlpAnswer post(OtlpSignal signal, std::string_view body, std::string authorization,
                    std::string content_type = "application/json", std::string encoding = "") {
        OtlpRequest const request{signal, std::move(content_type), std::move(encoding),
                                  std::move(authorization), body};
        return receive_otlp(request, tokens, 1 << 20, sink);
    }

    std::vector<TelemetryToken> tokens{{"acme/shop", "shop-secret"}, {"acme/depot", "depot-9"}};
    AggregatingSink sink;
};

TEST_F(TelemetryIntakeTest, TheTokenSaysWhoseTelemetryItIs) {
    auto const answer = post(OtlpSignal::traces, k_two_spans, "Bearer depot-9");
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.repository, "acme/depot");
    ASSERT_TRUE(sink.windows.contains("acme/depot"));
    EXPECT_EQ(sink.windows["acme/depot"]->records(), 1u);
    EXPECT_EQ(post(OtlpSignal::traces, k_two_spans, "bearer shop-secret").repository, "acme/shop");
    for (auto const* wrong : {"", "Bearer ", "Bearer shop-secret2", "Bearer shop-secre",
                              "Basic shop-secret", "shop-secret"}) {
        auto const refused = post(OtlpSignal::traces, k_two_spans, wrong);
        EXPECT_EQ(refused.status, 401) << wrong;
        EXPECT_EQ(refused.body["code"], 16) << wrong;
    }
    tokens.clear();
    auto const none = post(OtlpSignal::traces, k_two_spans, "Bearer shop-secret");
    EXPECT_EQ(none.status, 401);
    EXPECT_NE(none.body["message"].get<std::string>().find("telemetry_token_env"),
              std::string::npos);
}

TEST_F(TelemetryIntakeTest, RefusedSpansAreAPartialSuccess) {
    auto const answer = post(OtlpSignal::traces, k_two_spans, "Bearer shop-secret");
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.body["partialSuccess"]["rejectedSpans"], "1");
    EXPECT_NE(answer.body["partialSuccess"]["errorMessage"].get<std::string>().find("end"),
              std::string::npos);
    auto const logs =
        post(OtlpSignal::logs,
             R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"x"}}]}]}]})",
             "Bearer shop-secret");
    EXPECT_EQ(logs.status, 200);
    EXPECT_EQ(logs.body, nlohmann::json::object());
}

TEST_F(TelemetryIntakeTest, OnlyJsonAndGzipAreTaken) {
    auto const protobuf =
        post(OtlpSignal::traces, "\x0a\x02", "Bearer shop-secret", "application/x-protobuf");
    EXPECT_EQ(protobuf.status, 415);
    EXPECT_NE(protobuf.body["message"].get<std::string>().find("http/json"), std::string::npos);
    EXPECT_EQ(post(OtlpSignal::traces, k_two_spans, "Bearer shop-secret", "text/plain").status,
              415);
    EXPECT_EQ(post(OtlpSignal::traces, k_two_spans, "Bearer shop-secret", "application/json", "br")
                  .status,
              415);
    auto const compressed = gzipped(k_two_spans);
    auto const inflated = post(OtlpSignal::traces, compressed, "Bearer shop-secret",
                               "application/json; charset=utf-8", "gzip");
    EXPECT_EQ(inflated.status, 200);
    EXPECT_EQ(inflated.outcome.accepted, 1u);
    auto const cut = post(OtlpSignal::traces, compressed.substr(0, compressed.size() / 2),
                          "Bearer shop-secret", "application/json", "gzip");
    EXPECT_EQ(cut.status, 400);
    EXPECT_NE(cut.body["message"].get<std::string>().find("gzip"), std::string::npos);
}

TEST_F(TelemetryIntakeTest, ABombIsRefusedBeforeItFillsMemory) {
    auto const bomb = gzipped(std::string(8 << 20, ' '));
    auto const inflated = gunzip(bomb, 1 << 20);
    ASSERT_FALSE(inflated);
    EXPECT_NE(inflated.error().message.find("more than"), std::string::npos);
    EXPECT_EQ(*gunzip(gzipped("{}"), 10), "{}");
}

TEST_F(TelemetryIntakeTest, WhatIsNoWholeRequestIsABadRequest) {
    for (std::string_view body : {"{\"resourceSpans\":", "[1,2]", "not json", ""}) {
        auto const answer = post(OtlpSignal::traces, body, "Bearer shop-secret");
        EXPECT_EQ(answer.status, 400) << body;
        EXPECT_EQ(answer.body["code"], 3) << body;
    }
    EXPECT_EQ(post(OtlpSignal::logs, k_two_spans, "Bearer shop-secret").status, 400);
    EXPECT_EQ(post(OtlpSignal::traces, R"({"resourceSpans":[]})", "Bearer shop-secret").status,
              200);
    // proto3 JSON leaves an empty list out: `{}` is a valid export of nothing.
    EXPECT_EQ(post(OtlpSignal::traces, "{}", "Bearer shop-secret").status, 200);
    EXPECT_EQ(post(OtlpSignal::logs, " { } ", "Bearer shop-secret").status, 200);
}

TEST_F(TelemetryIntakeTest, DataThatCannotBeKeptIsRetriedLater) {
    sink.broken = true;
    auto const answer = post(OtlpSignal::traces, k_two_spans, "Bearer shop-secret");
    EXPECT_EQ(answer.status, 503);
    EXPECT_GT(answer.retry_after_seconds, 0);
    EXPECT_NE(answer.body["message"].get<std::string>().find("disk is full"), std::string::npos);
}

} // namespace
} // namespace medic::serve
