// The JSON API's answers on a real store: deliveries, jobs with their leases (filtered by state),
// Medic's open pull requests with conflict marks and the outcomes of closed ones; bad parameters
// are a 400 that says what is allowed.

#include "bot/serve/api.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::serve {
namespace {

using namespace std::chrono_literals;

class ApiTest : public ::testing::Test {
protected:
    ApiTest() : store(std::move(*store::Store::open(dir.path() / "medic.sqlite3", clock))) {}

    void record(std::string id, bool wanted = true) {
        store::IncomingDelivery delivery{std::move(id), "ping", "", 0, "acme/shop", "{}"};
        ASSERT_TRUE(store.record_delivery(delivery, wanted));
    }

    test::TempDir dir;
    test::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(500'000))};
    store::Store store;
};

TEST_F(ApiTest, JobsShowTheirLeaseAndCanBeFilteredByState) {
    record("a");
    record("b");
    record("c", false); // ignored: no job
    ASSERT_TRUE(*store.take_job("box:7-1"));
    auto const all = jobs_answer(store, {});
    ASSERT_EQ(all.status, 200);
    auto const& jobs = all.body["jobs"];
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0]["delivery"], "b"); // newest first
    EXPECT_EQ(jobs[0]["state"], "queued");
    EXPECT_TRUE(jobs[0]["worker"].is_null());
    EXPECT_EQ(jobs[1]["state"], "running");
    EXPECT_EQ(jobs[1]["worker"], "box:7-1");
    EXPECT_EQ(jobs[1]["attempts"], 1);
    EXPECT_EQ(jobs[1]["lease_expires_ms"].get<std::int64_t>() -
                  jobs[1]["enqueued_ms"].get<std::int64_t>(),
              300'000);
    auto const running = jobs_answer(store, {{"state", "running"}, {"limit", "5"}});
    ASSERT_EQ(running.body["jobs"].size(), 1u);
    EXPECT_EQ(running.body["jobs"][0]["delivery"], "a");
}

TEST_F(ApiTest, BadParametersAreRefusedWithWhatIsAllowed) {
    for (auto const* limit : {"0", "1001", "ten", "5x", ""}) {
        auto const answer = jobs_answer(store, {{"limit", limit}});
        EXPECT_EQ(answer.status, 400) << limit;
        EXPECT_NE(answer.body["error"].get<std::string>().find("1 to 1000"), std::string::npos);
    }
    auto const state = jobs_answer(store, {{"state", "sleeping"}});
    EXPECT_EQ(state.status, 400);
    EXPECT_EQ(deliveries_answer(store, {{"limit", "-1"}}).status, 400);
}

TEST_F(ApiTest, DeliveriesCarryTheirJobsState) {
    record("a");
    record("c", false);
    auto const answer = deliveries_answer(store, {{"limit", "1"}});
    ASSERT_EQ(answer.status, 200);
    ASSERT_EQ(answer.body["deliveries"].size(), 1u);
    EXPECT_EQ(answer.body["deliveries"][0]["id"], "c");
    EXPECT_TRUE(answer.body["deliveries"][0]["job"].is_null());
}

TEST_F(ApiTest, PullRequestsListTheOpenOnesWithConflictsAndHowTheOthersEnded) {
    store::PublishedFix fix{
        "acme/shop", 3, "medic/slow/x", "aaaa", "0123456789abcdef", "rules/regex-hoist", true, 6,
        {},          {}};
    ASSERT_TRUE(store.record_published_fix(fix));
    fix.number = 4;
    ASSERT_TRUE(store.record_published_fix(fix));
    ASSERT_TRUE(store.mark_conflict("acme/shop", 4, "conflicts with main in src/cart.cpp"));
    ASSERT_TRUE(store.hand_over("acme/shop", 4, "carol"));
    ASSERT_TRUE(store.record_pull_request_outcome(
        {"acme/shop", 3, "medic/slow/x", true, "feed", clock.now() + 1h}));
    auto const answer = pull_requests_answer(store, {});
    ASSERT_EQ(answer.status, 200);
    ASSERT_EQ(answer.body["open"].size(), 1u);
    EXPECT_EQ(answer.body["open"][0]["number"], 4);
    EXPECT_EQ(answer.body["open"][0]["conflict"], "conflicts with main in src/cart.cpp");
    EXPECT_EQ(answer.body["open"][0]["strategy"], "rules/regex-hoist");
    EXPECT_EQ(answer.body["open"][0]["handed_over"], "carol");
    ASSERT_EQ(answer.body["closed"].size(), 1u);
    EXPECT_EQ(answer.body["closed"][0]["merged"], true);
    EXPECT_EQ(answer.body["closed"][0]["merge_commit"], "feed");
}

} // namespace
} // namespace medic::serve
