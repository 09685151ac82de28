// Every attempt at a fix and its fates, on both back ends (a SQLite file, a PostgreSQL server): a
// revision and a retry supersede the attempt their pull request carried, the pull request's end is
// that attempt's fate, and the summary per strategy counts them.

#include "bot/store/outcomes.hpp"
#include "bot/store/store.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::store {
namespace {

using namespace std::chrono_literals;

const std::chrono::system_clock::time_point k_first_attempt{std::chrono::seconds{1'800'000'000}};

AttemptRecord attempt(std::string strategy, std::string change, std::string status,
                      std::int64_t pull_request, double speedup = 0) {
    return {0,
            "acme/shop",
            "69ecf7a193c7dde9",
            "slow",
            "shop::ApplyCoupon::handle",
            std::move(strategy),
            std::move(change),
            std::move(status),
            speedup,
            pull_request,
            {},
            {}};
}

std::vector<std::string> fates_of(const AttemptRecord& record) {
    std::vector<std::string> fates;
    for (auto const& [fate, at] : record.fates)
        fates.push_back(fate);
    return fates;
}

class AttemptRecordsTest : public ::testing::TestWithParam<test::StoreBackend> {
protected:
    AttemptRecordsTest() : store(std::move(*Store::open_at(where.location(), clock))) {}
    test::TempDir dir;
    test::StoreLocation where{GetParam(), dir};
    test::ManualClock clock{k_first_attempt};
    Store store;
};

TEST_P(AttemptRecordsTest, APullRequestsAttemptsAreSupersededAndItsEndIsTheLastOnesFate) {
    ASSERT_TRUE(
        store.record_attempt(attempt("rules/perf-regex-in-loop", "aaaa", "published", 1, 230)));
    clock.set(k_first_attempt + 1h);
    ASSERT_TRUE(
        store.record_attempt(attempt("rules/perf-regex-in-loop", "aaaa", "published", 1, 228)));
    clock.set(k_first_attempt + 2h);
    ASSERT_TRUE(store.record_attempt(attempt("llm/openai:m", "bbbb", "published", 1, 231)));
    ASSERT_TRUE(store.record_attempt(attempt("llm/openai:m", "cccc", "not validated", 0)));
    clock.set(k_first_attempt + 5h);
    ASSERT_TRUE(store.record_pull_request_outcome(
        {"acme/shop", 1, "medic/slow/x", true, "feed", k_first_attempt + 5h}));
    ASSERT_TRUE(store.record_pull_request_outcome( // the event again: nothing new
        {"acme/shop", 1, "medic/slow/x", true, "feed", k_first_attempt + 5h}));
    auto const records = store.attempt_records();
    ASSERT_TRUE(records) << records.error().message;
    ASSERT_EQ(records->size(), 4u);
    EXPECT_EQ(fates_of((*records)[0]), (std::vector<std::string>{"published", "validated again"}));
    EXPECT_EQ(fates_of((*records)[1]), (std::vector<std::string>{"published", "revised"}));
    EXPECT_EQ(fates_of((*records)[2]), (std::vector<std::string>{"published", "merged"}));
    EXPECT_EQ((*records)[2].fates[1].second, k_first_attempt + 5h);
    EXPECT_EQ(fates_of((*records)[3]), (std::vector<std::string>{"not validated"}));
    EXPECT_DOUBLE_EQ((*records)[0].speedup, 230);

    auto const outcomes = summarise_outcomes(*records);
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_EQ(outcomes[0].strategy, "llm/openai:m") << "the merged one first";
    EXPECT_EQ(outcomes[0].attempts, 2);
    EXPECT_EQ(outcomes[0].validated, 1);
    EXPECT_EQ(outcomes[0].merged, 1);
    EXPECT_DOUBLE_EQ(*outcomes[0].median_hours_to_merge, 3.0);
    EXPECT_DOUBLE_EQ(*outcomes[0].median_speedup, 231);
    EXPECT_EQ(outcomes[1].strategy, "rules/perf-regex-in-loop");
    EXPECT_EQ(outcomes[1].attempts, 2);
    EXPECT_EQ(outcomes[1].revised, 1);
    EXPECT_EQ(outcomes[1].merged, 0);
    EXPECT_DOUBLE_EQ(*outcomes[1].median_speedup, 229);
    EXPECT_FALSE(outcomes[1].median_hours_to_merge);
    auto const report = outcomes_report(outcomes);
    EXPECT_EQ(report["schema"], "medic.outcomes/v1");
    ASSERT_EQ(report["strategies"].size(), 2u);
    EXPECT_EQ(report["strategies"][0]["strategy"], "llm/openai:m");
    EXPECT_EQ(report["strategies"][0]["merged"], 1);
    EXPECT_EQ(report["strategies"][0]["median_hours_to_merge"], 3.0);
    EXPECT_TRUE(report["strategies"][1]["median_hours_to_merge"].is_null());
    EXPECT_TRUE(report["strategies"][1]["median_production_speedup"].is_null());
}

TEST_P(AttemptRecordsTest, AClosedPullRequestsAttemptIsClosedUnmergedAndNothingIsNotASummary) {
    EXPECT_TRUE(summarise_outcomes({}).empty());
    ASSERT_TRUE(store.record_attempt(attempt("rules/perf-regex-in-loop", "aaaa", "published", 3)));
    ASSERT_TRUE(store.record_pull_request_outcome(
        {"acme/shop", 3, "medic/slow/x", false, "", k_first_attempt + 1h}));
    ASSERT_TRUE(store.record_pull_request_outcome( // another repository's #3 changes nothing here
        {"acme/ledger", 3, "medic/slow/y", true, "beef", k_first_attempt + 1h}));
    auto const records = store.attempt_records();
    ASSERT_EQ(records->size(), 1u);
    EXPECT_EQ(fates_of((*records)[0]), (std::vector<std::string>{"published", "closed unmerged"}));
    EXPECT_EQ(summarise_outcomes(*records)[0].closed_unmerged, 1);
}

/// The job that tells pull request `pull_request` its verdict.
IncomingDelivery telling(std::int64_t pull_request) {
    return {"production-" + std::to_string(pull_request),
            "medic_production",
            "effective",
            77,
            "acme/shop",
            R"({"pull_request":)" + std::to_string(pull_request) + "}"};
}

ProductionCheck merged_check(std::int64_t pull_request) {
    ProductionCheck check;
    check.repository = "acme/shop";
    check.pull_request = pull_request;
    check.anomaly = "69ecf7a193c7dde9";
    check.kind = "slow";
    check.handler = "shop::ApplyCoupon::handle";
    check.merge_commit = "feed";
    check.merged = k_first_attempt + 1h;
    check.before = R"({"id":"69ecf7a193c7dde9"})";
    return check;
}

TEST_P(AttemptRecordsTest, AMergedFixWaitsForProductionThenItsVerdictIsItsAttemptsFateOnce) {
    ASSERT_TRUE(
        store.record_attempt(attempt("rules/perf-regex-in-loop", "aaaa", "published", 4, 9)));
    ASSERT_TRUE(store.record_pull_request_outcome(
        {"acme/shop", 4, "medic/slow/x", true, "feed", k_first_attempt + 1h}));
    ASSERT_TRUE(store.record_production_check(merged_check(4)));
    auto again = merged_check(4);
    again.before = "{}";
    ASSERT_TRUE(store.record_production_check(again)); // the merge event again: the first kept
    auto const waiting = store.waiting_production_checks("acme/shop");
    ASSERT_TRUE(waiting) << waiting.error().message;
    ASSERT_EQ(waiting->size(), 1u);
    EXPECT_EQ((*waiting)[0].before, R"({"id":"69ecf7a193c7dde9"})");
    EXPECT_EQ((*waiting)[0].merged, k_first_attempt + 1h);
    EXPECT_FALSE((*waiting)[0].judged);
    EXPECT_TRUE(store.waiting_production_checks("acme/ledger")->empty());

    clock.set(k_first_attempt + 3h);
    auto judged = merged_check(4);
    judged.verdict = "effective";
    judged.speedup = 11.5;
    judged.p_value = 1e-15;
    judged.reason = "faster";
    auto const recorded = store.record_production_verdict(judged, telling(4));
    ASSERT_TRUE(recorded) << recorded.error().message;
    EXPECT_TRUE(*recorded);
    judged.verdict = "worse"; // a later pass cannot change it
    EXPECT_FALSE(*store.record_production_verdict(judged, telling(4)));
    // The job that tells the pull request was queued with the verdict, once.
    auto const told = store.delivery("production-4");
    ASSERT_TRUE(told && *told);
    EXPECT_EQ((*told)->duplicates, 0);
    EXPECT_EQ((*told)->job, JobState::queued);

    EXPECT_TRUE(store.waiting_production_checks("acme/shop")->empty());
    auto const checks = store.production_checks();
    ASSERT_EQ(checks->size(), 1u);
    EXPECT_EQ((*checks)[0].verdict, "effective");
    EXPECT_DOUBLE_EQ((*checks)[0].speedup, 11.5);
    EXPECT_DOUBLE_EQ((*checks)[0].p_value, 1e-15);
    EXPECT_EQ((*checks)[0].judged, k_first_attempt + 3h);
    auto const records = store.attempt_records();
    EXPECT_EQ(fates_of((*records)[0]),
              (std::vector<std::string>{"published", "merged", "effective"}));
    EXPECT_DOUBLE_EQ((*records)[0].production_speedup, 11.5);
    auto const outcomes = summarise_outcomes(*records);
    EXPECT_EQ(outcomes[0].effective, 1);
    EXPECT_EQ(outcomes[0].worse, 0);
    EXPECT_EQ(production_speedup_text(outcomes[0]), "11.50x");
    EXPECT_EQ(speedup_text(outcomes[0]), "9.00x");
}

TEST_P(AttemptRecordsTest, AWorseFixsRevertIsRecordedAndItsMergeIsTheAttemptsLastFate) {
    ASSERT_TRUE(store.record_attempt(attempt("llm/openai:m", "dddd", "published", 5, 4)));
    ASSERT_TRUE(store.record_pull_request_outcome(
        {"acme/shop", 5, "medic/slow/x", true, "feed", k_first_attempt + 1h}));
    ASSERT_TRUE(store.record_production_check(merged_check(5)));
    clock.set(k_first_attempt + 2h);
    auto worse = merged_check(5);
    worse.verdict = "worse";
    worse.speedup = 0.5;
    ASSERT_TRUE(*store.record_production_verdict(worse, telling(5)));
    ASSERT_TRUE(store.record_revert("acme/shop", 5, 6));
    EXPECT_EQ((*store.production_checks())[0].revert, 6);
    clock.set(k_first_attempt + 3h);
    ASSERT_TRUE(store.record_reverted("acme/shop", 5));
    ASSERT_TRUE(store.record_reverted("acme/shop", 5)); // the event again: one fate
    auto const records = store.attempt_records();
    EXPECT_EQ(fates_of((*records)[0]),
              (std::vector<std::string>{"published", "merged", "worse", "reverted"}));
    auto const outcomes = summarise_outcomes(*records);
    EXPECT_EQ(outcomes[0].worse, 1);
    EXPECT_EQ(outcomes[0].reverted, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, AttemptRecordsTest, test::all_store_backends(),
                         test::store_backend_name);

} // namespace
} // namespace medic::store
