// The Prometheus exposition of `medic serve`: counters by label, histograms with cumulative
// buckets, escaped label values, and the store's gauges only when the store answered.
// (promtool checks the real server's output in serve_cli_test.sh.)

#include "bot/serve/metrics.hpp"

#include <gtest/gtest.h>

namespace medic::serve {
namespace {

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos || text.starts_with(line + "\n");
}

TEST(ServerMetrics, CountsDeliveriesAndRefusalsByLabel) {
    ServerMetrics metrics;
    metrics.count_delivery("ping", "queued");
    metrics.count_delivery("ping", "queued");
    metrics.count_delivery("star", "ignored");
    metrics.count_refusal(401);
    auto const text = metrics.render(store::QueueDepth{3, 1, std::chrono::seconds(42)}, 2);
    EXPECT_TRUE(has_line(text, R"(medic_webhook_deliveries_total{event="ping",status="queued"} 2)"))
        << text;
    EXPECT_TRUE(
        has_line(text, R"(medic_webhook_deliveries_total{event="star",status="ignored"} 1)"));
    EXPECT_TRUE(has_line(text, R"(medic_webhook_refusals_total{code="401"} 1)"));
    EXPECT_TRUE(has_line(text, R"(medic_jobs{state="queued"} 3)"));
    EXPECT_TRUE(has_line(text, "medic_oldest_queued_job_age_seconds 42"));
    EXPECT_TRUE(has_line(text, "medic_store_up 1"));
    EXPECT_TRUE(has_line(text, "# TYPE medic_job_duration_seconds histogram"));
}

TEST(ServerMetrics, HistogramBucketsAreCumulative) {
    ServerMetrics metrics;
    metrics.observe_acknowledgement(0.0004);
    metrics.observe_acknowledgement(0.003);
    metrics.observe_acknowledgement(120);
    auto const text = metrics.render(store::QueueDepth{}, 1);
    auto const name = std::string("medic_webhook_acknowledgement_seconds");
    EXPECT_TRUE(has_line(text, name + R"(_bucket{le="0.001"} 1)")) << text;
    EXPECT_TRUE(has_line(text, name + R"(_bucket{le="0.005"} 2)")) << text;
    EXPECT_TRUE(has_line(text, name + R"(_bucket{le="60"} 2)"));
    EXPECT_TRUE(has_line(text, name + R"(_bucket{le="+Inf"} 3)"));
    EXPECT_TRUE(has_line(text, name + "_count 3"));
}

TEST(ServerMetrics, PipelineStagesPullRequestsAndGitHubCallsAreCounted) {
    ServerMetrics metrics;
    auto const before = metrics.render(store::QueueDepth{}, 1);
    EXPECT_TRUE(has_line(before, "medic_github_api_requests_total 0"));
    EXPECT_EQ(before.find("medic_github_rate_limit_remaining"), std::string::npos)
        << "no gauge before GitHub said anything";
    metrics.observe_stage("validate", 240);
    metrics.count_pull_request("opened");
    metrics.count_pull_request("merged");
    metrics.count_pull_request("opened");
    metrics.count_github_requests(12, 4980);
    metrics.count_github_requests(3, -1); // an answer without the header keeps the last value
    auto const text = metrics.render(store::QueueDepth{}, 1);
    EXPECT_TRUE(
        has_line(text, R"(medic_pipeline_stage_seconds_bucket{stage="validate",le="60"} 0)"));
    EXPECT_TRUE(
        has_line(text, R"(medic_pipeline_stage_seconds_bucket{stage="validate",le="300"} 1)"));
    EXPECT_TRUE(has_line(text, R"(medic_pull_requests_total{action="opened"} 2)"));
    EXPECT_TRUE(has_line(text, R"(medic_pull_requests_total{action="merged"} 1)"));
    EXPECT_TRUE(has_line(text, "medic_github_api_requests_total 15"));
    EXPECT_TRUE(has_line(text, "medic_github_rate_limit_remaining 4980"));
}

TEST(ServerMetrics, AStoreThatCannotBeReadIsSaidAndItsGaugesLeftOut) {
    ServerMetrics metrics;
    auto const text =
        metrics.render(std::unexpected(Error{ErrorCode::unavailable, "disk gone"}), 2);
    EXPECT_TRUE(has_line(text, "medic_store_up 0"));
    EXPECT_EQ(text.find("medic_jobs{"), std::string::npos);
}

TEST(ServerMetrics, LabelValuesAreEscaped) {
    EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    ServerMetrics metrics;
    metrics.observe_job("we\"ird", false, 0.5);
    auto const text = metrics.render(store::QueueDepth{}, 1);
    EXPECT_NE(text.find(R"(medic_job_duration_seconds_count{event="we\"ird",result="failed"} 1)"),
              std::string::npos)
        << text;
}

} // namespace
} // namespace medic::serve
