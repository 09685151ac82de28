// The order strategies are tried in, learnt from recorded attempts: the configured order with
// no history, changed by outcomes on anomalies of the same kind, and a strategy whose drafts for
// one anomaly keep failing validation dropped for it.

#include "bot/learn/ranking.hpp"

#include <gtest/gtest.h>

namespace medic::learn {
namespace {

Anomaly slow(std::string id) {
    Anomaly anomaly;
    anomaly.id = std::move(id);
    anomaly.kind = AnomalyKind::slow;
    return anomaly;
}

store::AttemptRecord attempt(std::string anomaly, std::string strategy, std::string status,
                             std::vector<std::string> fates = {}, std::string kind = "slow") {
    store::AttemptRecord record;
    record.anomaly = std::move(anomaly);
    record.kind = std::move(kind);
    record.strategy = std::move(strategy);
    record.status = std::move(status);
    for (auto& fate : fates)
        record.fates.emplace_back(std::move(fate), std::chrono::system_clock::time_point{});
    return record;
}

std::vector<Strategy> const k_configured{Strategy::rules, Strategy::llm};

TEST(Ranking, WithNoHistoryIsTheConfiguredOrder) {
    auto const ranked = rank_strategies(k_configured, slow("a1"), {}, 3);
    EXPECT_EQ(ranked.order, k_configured);
    EXPECT_TRUE(ranked.notes.empty());
}

TEST(Ranking, OutcomesOnTheSameKindChangeTheOrderAndSayWhy) {
    std::vector<store::AttemptRecord> attempts{
        attempt("a1", "rules/perf-regex-in-loop", "published", {"published", "closed unmerged"}),
        attempt("a2", "rules/perf-copy", "not validated"),
        attempt("a3", "llm/openai:m", "published", {"published", "merged"}),
        attempt("a4", "llm/openai:m", "published", {"published", "merged"}),
        attempt("e1", "rules/x", "published", {"published", "merged"}, "errors")};
    auto const ranked = rank_strategies(k_configured, slow("a9"), attempts, 3);
    EXPECT_EQ(ranked.order, (std::vector<Strategy>{Strategy::llm, Strategy::rules}));
    ASSERT_EQ(ranked.notes.size(), 1u);
    EXPECT_EQ(ranked.notes[0], "ranked by past outcomes on slow anomalies: llm 2 merged, 0 failed "
                               "(0.75); rules 0 merged, 2 failed (0.40)");
    // One failure is not enough to overturn the configured first strategy's prior.
    auto const one = rank_strategies(k_configured, slow("a9"), {attempts[1]}, 3);
    EXPECT_EQ(one.order, k_configured);
}

TEST(Ranking, AStrategyThatKeepsFailingValidationForOneAnomalyIsDroppedForIt) {
    std::vector<store::AttemptRecord> attempts(3,
                                               attempt("a1", "rules/perf-copy", "not validated"));
    auto const ranked = rank_strategies(k_configured, slow("a1"), attempts, 3);
    EXPECT_EQ(ranked.order, (std::vector<Strategy>{Strategy::llm}));
    ASSERT_FALSE(ranked.notes.empty());
    EXPECT_EQ(ranked.notes[0],
              "rules: skipped, 3 of its drafts for this anomaly failed validation");
    auto const elsewhere = rank_strategies(k_configured, slow("a2"), attempts, 3);
    EXPECT_EQ(elsewhere.order, (std::vector<Strategy>{Strategy::llm, Strategy::rules}))
        << "another anomaly still gets the rule, after the model: three failures count";
    EXPECT_EQ(rank_strategies(k_configured, slow("a1"), attempts, 0).order.size(), 2u)
        << "0: never skip";
}

} // namespace
} // namespace medic::learn
