// The run's results table: one row per anomaly with the measured figures, and under each fix
// that did not pass the reason it stopped; the stage line splits Medic's time from the
// repository's own commands.

#include "bot/views/results_view.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace medic::views {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

FixRecord validated_fix() {
    FixRecord fix;
    fix.anomaly = "slow-1";
    fix.kind = AnomalyKind::slow;
    fix.handler = "shop::search";
    fix.status = FixStatus::validated;
    fix.strategy = "rules/regex-hoist";
    fix.root_cause = "std::regex compiled on every call\nsecond line never shown";
    fix.branch = "medic/slow/shop-search";
    Verdict verdict;
    verdict.validated = true;
    verdict.benchmark = BenchmarkComparison{};
    verdict.benchmark->speedup = 3.456;
    verdict.benchmark->p_value = 0.000123;
    fix.verdict = verdict;
    return fix;
}

TEST(ResultsViewTest, AValidatedFixShowsItsSpeedupAndPValueAndNoReason) {
    auto fix = validated_fix();
    fix.reason = "never printed for a passing fix";
    auto const table = results_table({fix}, Terminal(stdout, stderr, false));
    EXPECT_THAT(table, HasSubstr("slow shop::search"));
    EXPECT_THAT(table, HasSubstr("std::regex compiled on every call"));
    EXPECT_THAT(table, Not(HasSubstr("second line")));
    EXPECT_THAT(table, HasSubstr("3.46×"));
    EXPECT_THAT(table, HasSubstr("1.2e-04"));
    EXPECT_THAT(table, HasSubstr("validated  medic/slow/shop-search"));
    EXPECT_THAT(table, Not(HasSubstr("never printed")));
}

TEST(ResultsViewTest, AFailedFixHasItsReasonUnderItsRow) {
    FixRecord fix;
    fix.anomaly = "error-2";
    fix.kind = AnomalyKind::errors;
    fix.handler = "shop::pay";
    fix.status = FixStatus::not_validated;
    fix.reason = "the patched build failed: src/pay.cpp:3: error";
    auto const table = results_table({validated_fix(), fix}, Terminal(stdout, stderr, false));
    auto const row = table.find("errors shop::pay");
    ASSERT_NE(row, std::string::npos);
    EXPECT_THAT(table.substr(row),
                HasSubstr("\n    the patched build failed: src/pay.cpp:3: error\n"));
}

TEST(ResultsViewTest, TheStageLineGivesMedicsShareOfTheWallTime) {
    RunReport report;
    report.stage_seconds = {{"detect", 0.4}, {"validate", 30.0}, {"locate", 2.0}};
    report.wall_seconds = 40;
    report.command_seconds = 30;
    EXPECT_EQ(stage_times_line(report),
              "detect 0.4 s · locate 2.0 s · validate 30.0 s; total 40.0 s, of which the "
              "repository's own commands 30.0 s and Medic 10.0 s (25.0 %)");
}

} // namespace
} // namespace medic::views
