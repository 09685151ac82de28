// The whole run without the CLI: real telemetry files in, a real git repository analysed with
// Clang, the rule-based drafter, validation's "what is missing" answer; nothing published.

#include "bot/model/json.hpp"
#include "bot/pipeline/run.hpp"
#include "bot/process/posix_process_runner.hpp"
#include "tests/code/project.hpp"
#include "tests/support/recording_sleeper.hpp"
#include "tests/support/unreachable_http_client.hpp"

#include <gtest/gtest.h>

namespace medic::pipeline {
namespace {

// Two handlers share a callee that copies its parameter: the rule that fixes one fixes both.
constexpr auto k_code = R"(#include <string>
#include <vector>

namespace shop {

int total(std::vector<std::string> items) {
    int n = 0;
    for (auto const& item : items)
        n += static_cast<int>(item.size());
    return n;
}

int cart(const std::vector<std::string>& items) { return total(items); }
int basket(const std::vector<std::string>& items) { return total(items) + 1; }

} // namespace shop
)";

std::string slow_calls(const std::string& handler) {
    std::string lines;
    for (int i = 0; i < 40; ++i)
        lines += R"({"ts":"2026-11-20T00:)" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
                 R"(:00.000Z","handler":")" + handler + R"(","duration_ms":)" +
                 std::to_string(5 + i % 3) + R"(,"status":"ok"})" + "\n";
    return lines;
}

struct RunStage : ::testing::Test {
    void SetUp() override {
        project.add("src/shop.cpp", k_code);
        project.write_database();
        auto const root = project.root().string();
        ASSERT_EQ(std::system(("cd " + root +
                               " && git init -q -b main && git add -A && git -c "
                               "user.name=t -c user.email=t@t commit -qm base")
                                  .c_str()),
                  0);
        for (auto const* handler : {"shop::cart", "shop::basket"})
            config.handlers[handler].budget = LatencyBudget{0.95, 1.0};
        config.fix.strategies = {Strategy::rules};
        request.repo = project.root();
        request.telemetry = {
            test_dir.write("events.jsonl", slow_calls("shop::cart") + slow_calls("shop::basket"))};
        request.publish_mode = PublishMode::none;
        request.out = test_dir.path() / "out";
        request.work_dir = test_dir.path() / "work";
    }

    Result<RunReport> run_it() {
        RunContext context{config, http, sleeper, runner, observer};
        return run(request, context);
    }

    test::Project project;
    test::TempDir test_dir;
    MedicConfig config;
    RunRequest request;
    test::UnreachableHttpClient http;
    test::RecordingSleeper sleeper;
    process::PosixProcessRunner runner;
    RunObserver observer;
};

TEST_F(RunStage, DraftsOneChangeForTwoAnomaliesAndSaysWhatValidationLacks) {
    auto report = run_it();
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_EQ(report->fixes.size(), 2U);
    auto const& drafted =
        report->fixes[0].status == FixStatus::covered ? report->fixes[1] : report->fixes[0];
    auto const& covered = &drafted == &report->fixes[0] ? report->fixes[1] : report->fixes[0];
    EXPECT_EQ(drafted.status, FixStatus::not_validated) << drafted.reason;
    EXPECT_TRUE(drafted.strategy.starts_with("rules/")) << drafted.strategy;
    EXPECT_NE(drafted.reason.find("harness"), std::string::npos) << drafted.reason;
    EXPECT_EQ(covered.status, FixStatus::covered);
    EXPECT_EQ(covered.reason, "the same change as the draft for " + drafted.anomaly);
    for (auto const* stage : {"detect", "locate", "draft"})
        EXPECT_TRUE(report->stage_seconds.contains(stage)) << stage;
}

TEST_F(RunStage, WritesTheReportItReturns) {
    auto report = run_it();
    ASSERT_TRUE(report) << report.error().message;
    auto const written =
        from_json_text<RunReport>(test::read_file(request.out / "run.json"), "run.json");
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(written->schema, "medic.run/v1");
    EXPECT_EQ(nlohmann::json(*written), nlohmann::json(*report));
    auto const anomalies = from_json_text<AnomalyReport>(
        test::read_file(request.out / "anomalies.json"), "anomalies.json");
    ASSERT_TRUE(anomalies) << anomalies.error().message;
    EXPECT_EQ(anomalies->anomalies.size(), 2U);
}

TEST_F(RunStage, WorksOnTheAnomaliesItIsToldToOnly) {
    auto first = run_it();
    ASSERT_TRUE(first) << first.error().message;
    request.only = {first->fixes[1].anomaly};
    auto only = run_it();
    ASSERT_TRUE(only) << only.error().message;
    ASSERT_EQ(only->fixes.size(), 1U);
    EXPECT_EQ(only->fixes[0].anomaly, first->fixes[1].anomaly);
    EXPECT_NE(only->fixes[0].status, FixStatus::covered) << "alone, it is drafted itself";
}

TEST_F(RunStage, RefusesAnInputThatYieldsNothingAfterReportingWhatTheOthersHeld) {
    request.telemetry.push_back(test_dir.write("garbage.txt", std::string(64, '\x01')));
    auto report = run_it();
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::invalid_input);
    EXPECT_NE(report.error().message.find("nothing was read from"), std::string::npos)
        << report.error().message;
    EXPECT_NE(report.error().message.find("garbage.txt"), std::string::npos)
        << report.error().message;
    EXPECT_TRUE(std::filesystem::exists(request.out / "anomalies.json"));
}

TEST_F(RunStage, StartsFromAnAnomalyReportAsCIWouldSendIt) {
    auto first = run_it();
    ASSERT_TRUE(first) << first.error().message;
    auto const report_file = test_dir.path() / "ci-anomalies.json";
    std::filesystem::copy_file(request.out / "anomalies.json", report_file);
    request.telemetry.clear();
    request.anomaly_report = report_file.string();
    request.out = test_dir.path() / "from-report";
    auto from_report = run_it();
    ASSERT_TRUE(from_report) << from_report.error().message;
    ASSERT_EQ(from_report->fixes.size(), first->fixes.size());
    for (std::size_t i = 0; i < first->fixes.size(); ++i) {
        EXPECT_EQ(from_report->fixes[i].anomaly, first->fixes[i].anomaly);
        EXPECT_EQ(from_report->fixes[i].status, first->fixes[i].status);
    }
    EXPECT_TRUE(std::filesystem::exists(request.out / "anomalies.json"));
    request.anomaly_report = (test_dir.path() / "missing.json").string();
    auto const missing = run_it();
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("missing.json"), std::string::npos);
    request.anomaly_report.clear();
    auto const nothing = run_it();
    ASSERT_FALSE(nothing);
    EXPECT_NE(nothing.error().message.find("nothing to work from"), std::string::npos);
}

} // namespace
} // namespace medic::pipeline
