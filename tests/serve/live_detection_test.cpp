// Live detection on a real SQLite store and real spool files, with a clock the test sets: a
// window is judged when it changed, new anomalies of an installed repository become one
// medic_telemetry delivery (never twice, not even after a restart), a budget breach asks for a
// pass at once, and a window past its length becomes the baseline of the next.

#include "bot/model/text_file.hpp"
#include "bot/serve/live_detection.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::serve {
namespace {

using telemetry::OtlpSignal;

/// `count` calls of `handler`, each `duration_ms` long, one second apart, as one request.
std::string request_of(std::string_view handler, int count, double duration_ms, int first = 0) {
    std::string spans;
    for (int i = first; i < first + count; ++i) {
        auto const start = (1'795'132'800'000LL + i * 1000LL) * 1'000'000;
        auto const end = start + static_cast<std::int64_t>(duration_ms * 1e6);
        spans += std::string(spans.empty() ? "" : ",") + R"({"traceId":"t)" + std::to_string(i) +
                 R"(","spanId":"s","name":")" + std::string(handler) +
                 R"(","kind":2,"startTimeUnixNano":")" + std::to_string(start) +
                 R"(","endTimeUnixNano":")" + std::to_string(end) + "\"}";
    }
    return R"({"resourceSpans":[{"scopeSpans":[{"spans":[)" + spans + "]}]}]}";
}

class LiveDetectionTest : public ::testing::Test {
protected:
    LiveDetectionTest()
        : store(std::move(*store::Store::open(dir.path() / "medic.sqlite3", clock))) {
        config.handlers["GET /slow"].budget = LatencyBudget{0.95, 5.0};
    }

    std::unique_ptr<LiveDetection> open() {
        auto opened = LiveDetection::open(
            {{"acme/shop", config}}, {dir.path() / "telemetry", std::chrono::hours(1)}, store,
            metrics, clock, [this](std::string_view line) { log += std::string(line) + "\n"; });
        EXPECT_TRUE(opened) << opened.error().message;
        return std::move(*opened);
    }

    void install() {
        ASSERT_TRUE(store.record_installation(
            {7, "acme", store::InstallationState::active, {"acme/shop"}}, true));
    }

    std::vector<store::DeliveryRecord> runs() {
        std::vector<store::DeliveryRecord> found;
        for (auto const& delivery : *store.recent_deliveries(100))
            if (delivery.event == k_live_telemetry_event)
                found.push_back(delivery);
        return found;
    }

    nlohmann::json shop_status(LiveDetection& live) { return live.status()["repositories"][0]; }

    test::TempDir dir;
    test::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(500'000))};
    store::Store store;
    ServerMetrics metrics;
    MedicConfig config;
    std::string log;
};

TEST_F(LiveDetectionTest, NewAnomaliesOfAnInstalledRepositoryBecomeOneRun) {
    install();
    auto live = open();
    ASSERT_TRUE(live->take("acme/shop", OtlpSignal::traces, request_of("GET /slow", 40, 20.0)));
    live->detect_all();
    auto status = shop_status(*live);
    EXPECT_EQ(status["spans"], 40);
    EXPECT_EQ(status["judged_records"], 40);
    ASSERT_EQ(status["anomalies"].size(), 1u);
    EXPECT_EQ(status["anomalies"][0]["kind"], "slow");
    auto const report = read_text_file(dir.path() / "telemetry/acme/shop/anomalies.json");
    ASSERT_TRUE(report);
    EXPECT_EQ(nlohmann::json::parse(*report)["schema"], "medic.anomaly-report/v1");
    ASSERT_EQ(runs().size(), 1u);
    EXPECT_EQ(runs()[0].action, k_anomaly_report_event);
    EXPECT_EQ(runs()[0].repository, "acme/shop");
    EXPECT_EQ(runs()[0].job, store::JobState::queued);

    // Nothing new: no pass; more of the same anomaly: judged, but no second run.
    live->detect_all();
    ASSERT_TRUE(live->take("acme/shop", OtlpSignal::traces, request_of("GET /slow", 10, 20.0, 40)));
    live->detect_all();
    EXPECT_EQ(shop_status(*live)["judged_records"], 50);
    EXPECT_EQ(runs().size(), 1u);

    // A restart replays the window and remembers what was handed over.
    live.reset();
    auto again = open();
    EXPECT_EQ(shop_status(*again)["spans"], 50);
    again->detect_all();
    EXPECT_EQ(shop_status(*again)["anomalies"].size(), 1u);
    EXPECT_EQ(runs().size(), 1u);
    EXPECT_NE(log.find("50 records of this window replayed"), std::string::npos) << log;
}

TEST_F(LiveDetectionTest, APrettyPrintedRequestIsOneSpoolLineAndReplaysTheSame) {
    auto pretty = request_of("GET /slow", 3, 2.0);
    for (auto const* separator : {",", "{", "["})
        for (auto at = pretty.find(separator); at != std::string::npos;
             at = pretty.find(separator, at + 3))
            pretty.insert(at + 1, "\r\n  ");
    auto live = open();
    ASSERT_EQ(live->take("acme/shop", OtlpSignal::traces, pretty)->accepted, 3u);
    auto const spool = read_text_file(dir.path() / "telemetry/acme/shop/traces.otlp.jsonl");
    ASSERT_TRUE(spool);
    EXPECT_EQ(std::ranges::count(*spool, '\n'), 1);
    live.reset();
    EXPECT_EQ(shop_status(*open())["spans"], 3);
}

TEST_F(LiveDetectionTest, NoInstallationNoRun) {
    auto live = open();
    ASSERT_TRUE(live->take("acme/shop", OtlpSignal::traces, request_of("GET /slow", 40, 20.0)));
    live->detect_all();
    auto const status = shop_status(*live);
    EXPECT_EQ(status["anomalies"].size(), 1u);
    EXPECT_NE(status["last_run"].get<std::string>().find("no installation"), std::string::npos);
    EXPECT_TRUE(runs().empty());
    EXPECT_FALSE(live->take("acme/other", OtlpSignal::traces, request_of("GET /x", 1, 1.0)));
}

TEST_F(LiveDetectionTest, AnAnomalyAnOpenPullRequestFixesIsNotHandedOverAgain) {
    install();
    auto live = open();
    ASSERT_TRUE(live->take("acme/shop", OtlpSignal::traces, request_of("GET /slow", 40, 20.0)));
    live->detect_all();
    auto const id = shop_status(*live)["anomalies"][0]["id"].get<std::string>();
    // The next window (a new one after an hour) finds it again while Medic's PR is open.
    store::PublishedFix fix;
    fix.repository = "acme/shop";
    fix.number = 3;
    fix.branch = "medic/" + id;
    fix.head_sha = std::string(40, 'a');
    fix.anomaly = id;
    ASSERT_TRUE(store.record_published_fix(fix));
    clock.set(clock.now() + std::chrono::minutes(61));
    live->detect_all();
    ASSERT_TRUE(live->take("acme/shop", OtlpSignal::traces, request_of("GET /slow", 40, 20.0)));
    live->detect_all();
    EXPECT_EQ(shop_status(*live)["last_run"], "nothing new to fix");
    EXPECT_EQ(runs().size(), 1u);
}

TEST_F(LiveDetectionTest, AWindowPastItsLengthBecomesTheBaseline) {
    auto live = open();
    ASSERT_TRUE(live->take("acme/shop", OtlpSignal::traces, request_of("GET /fast", 40, 1.0)));
    live->detect_all();
    EXPECT_FALSE(shop_status(*live)["baseline"].get<bool>());
    clock.set(clock.now() + std::chrono::minutes(61));
    live->detect_all();
    auto const status = shop_status(*live);
    EXPECT_TRUE(status["baseline"].get<bool>());
    EXPECT_EQ(status["spans"], 0);
    EXPECT_TRUE(
        std::filesystem::exists(dir.path() / "telemetry/acme/shop/previous.traces.otlp.jsonl"));
    // The same handler three times slower in the new window: a regression against the baseline.
    ASSERT_TRUE(
        live->take("acme/shop", OtlpSignal::traces, request_of("GET /fast", 40, 3.0, 4000)));
    live->detect_all();
    auto const anomalies = shop_status(*live)["anomalies"];
    ASSERT_EQ(anomalies.size(), 1u) << anomalies;
    EXPECT_EQ(anomalies[0]["handler"], "GET /fast");
    live.reset();
    EXPECT_TRUE(shop_status(*open())["baseline"].get<bool>());
}

TEST_F(LiveDetectionTest, ABudgetBreachAsksForAPassAtOnce) {
    auto live = open();
    int asked = 0;
    live->on_budget_breach([&asked] { ++asked; });
    ASSERT_TRUE(live->take("acme/shop", OtlpSignal::traces, request_of("GET /slow", 40, 1.0)));
    EXPECT_EQ(asked, 0);
    ASSERT_TRUE(
        live->take("acme/shop", OtlpSignal::traces, request_of("GET /slow", 400, 30.0, 40)));
    EXPECT_EQ(asked, 1);
}

} // namespace
} // namespace medic::serve
