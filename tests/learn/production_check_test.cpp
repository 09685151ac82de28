// The check of a merged fix against production: faster calls are effective, slower or more
// failing calls are worse, a change within noise is no effect, too few calls are no verdict; the
// calls after a merge are only those of windows that start after it; the anomaly's evidence gives
// the calls before.

#include "bot/learn/production_check.hpp"
#include "bot/model/evidence.hpp"

#include <gtest/gtest.h>
#include <random>

namespace medic::learn {
namespace {

/// `count` calls around `median_ms` (log-normal spread), `errors` of them failed.
HandlerCalls calls(std::uint64_t count, double median_ms, std::uint64_t errors = 0,
                   unsigned seed = 7) {
    std::mt19937 random(seed);
    std::lognormal_distribution<double> spread(0.0, 0.2);
    HandlerCalls result;
    result.count = count;
    result.errors = errors;
    for (std::uint64_t i = 0; i < count; ++i)
        result.latency_ms.add(median_ms * spread(random));
    return result;
}

TEST(ProductionCheck, AFasterHandlerIsEffectiveWithTheProductionSpeedup) {
    auto const judgement =
        judge_production(AnomalyKind::slow, calls(200, 6.0), calls(150, 0.5, 0, 11));
    ASSERT_TRUE(judgement);
    EXPECT_EQ(judgement->verdict, ProductionVerdict::effective);
    ASSERT_TRUE(judgement->speedup);
    EXPECT_NEAR(*judgement->speedup, 12.0, 1.5);
    EXPECT_LT(judgement->p_value, 1e-6);
    EXPECT_EQ(judgement->calls_before, 200u);
    EXPECT_EQ(judgement->calls_after, 150u);
    EXPECT_NE(judgement->reason.find("faster"), std::string::npos) << judgement->reason;
}

TEST(ProductionCheck, ASlowerHandlerIsWorse) {
    auto const judgement =
        judge_production(AnomalyKind::slow, calls(200, 1.0), calls(200, 1.6, 0, 3));
    ASSERT_TRUE(judgement);
    EXPECT_EQ(judgement->verdict, ProductionVerdict::worse);
    EXPECT_NE(judgement->reason.find("slower"), std::string::npos) << judgement->reason;
}

TEST(ProductionCheck, MoreFailuresAreWorseEvenWhenFaster) {
    auto const judgement =
        judge_production(AnomalyKind::slow, calls(400, 6.0, 2), calls(400, 0.5, 60, 5));
    ASSERT_TRUE(judgement);
    EXPECT_EQ(judgement->verdict, ProductionVerdict::worse);
    EXPECT_NEAR(judgement->error_rate_after, 0.15, 1e-9);
    EXPECT_NE(judgement->reason.find("fails more often"), std::string::npos) << judgement->reason;
}

TEST(ProductionCheck, TheSameDistributionIsNoEffect) {
    auto const judgement =
        judge_production(AnomalyKind::slow, calls(300, 2.0, 0, 1), calls(300, 2.0, 0, 2));
    ASSERT_TRUE(judgement);
    EXPECT_EQ(judgement->verdict, ProductionVerdict::no_effect);
}

TEST(ProductionCheck, ASignificantButTinyChangeIsNoEffect) {
    // 2 % faster on many calls: significant, but under the 5 % a change must reach.
    auto const judgement =
        judge_production(AnomalyKind::slow, calls(20000, 2.0, 0, 1), calls(20000, 1.96, 0, 2));
    ASSERT_TRUE(judgement);
    EXPECT_EQ(judgement->verdict, ProductionVerdict::no_effect);
}

TEST(ProductionCheck, TooFewCallsAfterTheMergeAreNoVerdictYet) {
    EXPECT_FALSE(judge_production(AnomalyKind::slow, calls(200, 6.0), calls(99, 0.5)));
    EXPECT_TRUE(judge_production(AnomalyKind::slow, calls(200, 6.0), calls(100, 0.5)));
}

TEST(ProductionCheck, ASignificantButTinyRiseInErrorsIsNoReasonToRevert) {
    // 0.10 % to 0.15 % failures on a busy handler: significant, but under 0.5 points.
    auto const judgement =
        judge_production(AnomalyKind::slow, calls(200000, 2.0, 200, 1), calls(200000, 2.0, 300, 2));
    ASSERT_TRUE(judgement);
    EXPECT_EQ(judgement->verdict, ProductionVerdict::no_effect);
}

TEST(ProductionCheck, CountsThatCannotBeAreNoVerdict) {
    HandlerCalls impossible{100, 150, {}};
    EXPECT_FALSE(judge_production(AnomalyKind::errors, impossible, calls(200, 1.0)));
    EXPECT_FALSE(judge_production(AnomalyKind::errors, calls(200, 1.0), impossible));
}

TEST(ProductionCheck, AnErrorsAnomalyIsEffectiveWhenItFailsLessOften) {
    HandlerCalls before{1000, 80, {}};
    HandlerCalls after = calls(1000, 1.0, 3);
    auto const judgement = judge_production(AnomalyKind::errors, before, after);
    ASSERT_TRUE(judgement);
    EXPECT_EQ(judgement->verdict, ProductionVerdict::effective);
    EXPECT_FALSE(judgement->speedup); // no latency before: none compared
    EXPECT_NE(judgement->reason.find("fails less often"), std::string::npos) << judgement->reason;
}

TEST(ProductionCheck, CallsSinceTheMergeLeaveOutAWindowThatStartedBefore) {
    HandlerStats stats;
    for (std::int64_t start : {0, 60'000, 120'000}) {
        WindowStats window;
        window.start_ms = start;
        window.count = 10;
        window.errors = start == 120'000 ? 1 : 0;
        for (int i = 0; i < 10; ++i)
            window.latency_ms.add(start == 0 ? 9.0 : 1.0);
        stats.windows.push_back(window);
    }
    ProductionCheckPolicy no_grace;
    no_grace.deploy_grace_ms = 0;
    auto const after = calls_since(stats, 60'000, no_grace);
    EXPECT_EQ(after.count, 20u);
    EXPECT_EQ(after.errors, 1u);
    EXPECT_EQ(after.latency_ms.count(), 20u);
    EXPECT_NEAR(after.latency_ms.quantile(1.0), 1.0, 0.02);
    EXPECT_EQ(calls_since(stats, 60'001, no_grace).count, 10u);
    // The deploy's grace: calls in the first 10 minutes after the merge still ran the old code.
    EXPECT_EQ(calls_since(stats, -540'000).count, 20u);
    EXPECT_EQ(calls_since(stats, -539'999).count, 10u);
}

TEST(ProductionCheck, TheCallsBeforeComeFromTheAnomalysEvidence) {
    HandlerStats stats;
    stats.count = 3;
    stats.errors = 1;
    for (double value : {1.0, 2.0, 4.0})
        stats.latency_ms.add(value);
    SlowEvidence evidence;
    evidence.latency = {3, 2.3, 2, 4, 4, 4, 4, 1, stats.latency_ms};
    Anomaly slow;
    slow.kind = AnomalyKind::slow;
    // Through the report's JSON, as a later run reads it.
    slow.evidence = nlohmann::json::parse(evidence_json(evidence).dump());
    auto const before = calls_before(slow);
    ASSERT_TRUE(before);
    EXPECT_EQ(before->count, 3u);
    EXPECT_EQ(before->errors, 1u);
    EXPECT_EQ(before->latency_ms.count(), 3u);
    EXPECT_NEAR(before->latency_ms.quantile(0.5), 2.0, 0.04);

    // Evidence an older Medic wrote has no distribution: no check, rather than a guess.
    slow.evidence["latency"].erase("sketch");
    EXPECT_FALSE(calls_before(slow));
    // A hand-edited distribution that is not one is refused the same way: keys no duration
    // has, counts that would wrap, more errors than calls.
    for (auto const& sketch :
         {nlohmann::json{{"min_key", 1e300}, {"bins", {1, 2}}},
          nlohmann::json{{"min_key", 40000}, {"bins", {1, 2}}},
          nlohmann::json{{"min_key", 0},
                         {"bins",
                          {std::uint64_t{1} << 62, std::uint64_t{1} << 62, std::uint64_t{1} << 62,
                           std::uint64_t{1} << 62}}}}) {
        slow.evidence["latency"]["sketch"] = sketch;
        EXPECT_FALSE(calls_before(slow)) << sketch.dump();
    }
    slow.evidence = nlohmann::json::parse(evidence_json(evidence).dump());
    slow.evidence["latency"]["errors"] = 4;
    EXPECT_FALSE(calls_before(slow));
    Anomaly misordered;
    misordered.kind = AnomalyKind::misordered;
    EXPECT_FALSE(calls_before(misordered));
}

TEST(ProductionCheck, VerdictsHaveNamesBothWays) {
    for (auto verdict :
         {ProductionVerdict::effective, ProductionVerdict::no_effect, ProductionVerdict::worse})
        EXPECT_EQ(parse_production_verdict(to_string(verdict)), verdict);
    EXPECT_FALSE(parse_production_verdict("better"));
}

} // namespace
} // namespace medic::learn
