// The server's store on both back ends, a real SQLite file and a real PostgreSQL server:
// deliveries recorded once however often they arrive,
// jobs leased to one worker at a time and taken again when a lease runs out, given up after
// too many attempts, the schema migrated when older and refused when newer, Medic's published
// pull requests, and what was acknowledged surviving a process killed mid-write.

#include "bot/store/store.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

namespace medic::store {
namespace {

using namespace std::chrono_literals;

const std::chrono::system_clock::time_point k_start{std::chrono::seconds{1'800'000'000}};

IncomingDelivery delivery(std::string id, std::string event = "repository_dispatch") {
    return {std::move(id), std::move(event), "", 42, "acme/shop", R"({"action":""})"};
}

/// A body as GitHub sends one: large, its URLs repeated.
std::string webhook_sized_body() {
    std::string body = R"({"action":"opened","pull_request":[)";
    for (int i = 0; i < 200; ++i)
        body += R"({"url":"https://api.github.com/repos/acme/shop/pulls/)" + std::to_string(i) +
                R"(","state":"open"},)";
    body += R"({}]})";
    return body;
}

class StoreTest : public ::testing::TestWithParam<test::StoreBackend> {
protected:
    Store open(QueuePolicy policy = {60s, 3}) {
        auto store = Store::open_at(where.location(), clock, policy);
        if (!store)
            throw std::runtime_error(store.error().message);
        return std::move(*store);
    }
    test::TempDir dir;
    test::StoreLocation where{GetParam(), dir};
    test::ManualClock clock{k_start};
};

TEST_P(StoreTest, ADeliveryIsRecordedOnceHoweverOftenItArrives) {
    auto store = open();
    EXPECT_EQ(store.record_delivery(delivery("d-1"), true), DeliveryStatus::queued);
    EXPECT_EQ(store.record_delivery(delivery("d-1"), true), DeliveryStatus::duplicate);
    EXPECT_EQ(store.record_delivery(delivery("d-1"), false), DeliveryStatus::duplicate);
    auto const record = store.delivery("d-1");
    ASSERT_TRUE(record && *record);
    EXPECT_EQ((*record)->duplicates, 2);
    EXPECT_EQ((*record)->job, JobState::queued);
    EXPECT_EQ(store.queue_depth()->queued, 1);
}

TEST_P(StoreTest, ConcurrentDeliveriesAreEachRecordedOnce) {
    auto store = open();
    constexpr int k_threads = 8;
    constexpr int k_each = 150;
    constexpr int k_ids = 100; // so that threads send the same ids at the same time
    auto const large = webhook_sized_body();
    std::atomic<int> queued = 0;
    std::atomic<int> duplicates = 0;
    std::atomic<int> failures = 0;
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < k_threads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < k_each; ++i) {
                    auto incoming = delivery("c-" + std::to_string((t * 37 + i) % k_ids));
                    incoming.payload = large; // compressed by each thread before it waits
                    auto const status = store.record_delivery(incoming, true);
                    if (!status)
                        ++failures;
                    else if (*status == DeliveryStatus::queued)
                        ++queued;
                    else
                        ++duplicates;
                }
            });
    }
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(queued, k_ids);
    EXPECT_EQ(duplicates, k_threads * k_each - k_ids);
    EXPECT_EQ(store.queue_depth()->queued, k_ids);
    int counted = 0;
    for (auto const& record : *store.recent_deliveries(1000))
        counted += 1 + record.duplicates;
    EXPECT_EQ(counted, k_threads * k_each);
    auto const job = store.take_job("w1");
    ASSERT_TRUE(job && *job);
    EXPECT_EQ((*job)->payload, large);
}

TEST_P(StoreTest, AnIgnoredEventIsKeptWithoutWork) {
    auto store = open();
    EXPECT_EQ(store.record_delivery(delivery("d-2", "star"), false), DeliveryStatus::ignored);
    auto const record = store.delivery("d-2");
    ASSERT_TRUE(record && *record);
    EXPECT_EQ((*record)->job, std::nullopt);
    EXPECT_EQ(*store.take_job("w1"), std::nullopt);
}

TEST_P(StoreTest, TheBodyIsKeptByteForByte) {
    auto store = open();
    auto incoming = delivery("d-3");
    incoming.payload = "{\"a\":\"\xc3\xa9\\u0000\"}";
    incoming.payload += '\0'; // a NUL byte, then more
    incoming.payload += "tail";
    ASSERT_TRUE(store.record_delivery(incoming, true));
    auto const job = store.take_job("w1");
    ASSERT_TRUE(job && *job);
    EXPECT_EQ((*job)->payload, incoming.payload);
    EXPECT_EQ((*job)->repository, "acme/shop");
}

TEST_P(StoreTest, ALargeBodyIsKeptCompressedAndReadBackWhole) {
    auto store = open();
    auto incoming = delivery("big");
    incoming.payload = webhook_sized_body();
    ASSERT_TRUE(store.record_delivery(incoming, true));
    auto const kept =
        where.run_sql(GetParam() == test::StoreBackend::sqlite
                          ? "SELECT payload_encoding, length(CAST(payload AS BLOB)) FROM deliveries"
                          : "SELECT payload_encoding, length(payload) FROM deliveries");
    auto const bar = kept.find('|');
    ASSERT_NE(bar, std::string::npos) << kept;
    if (GetParam() == test::StoreBackend::sqlite) {
        EXPECT_EQ(kept.substr(0, bar), "lz4");
        EXPECT_LT(std::stoul(kept.substr(bar + 1)), incoming.payload.size() / 4) << kept;
    } else { // PostgreSQL compresses large values itself
        EXPECT_EQ(kept.substr(0, bar), "identity");
    }
    auto const job = store.take_job("w1");
    ASSERT_TRUE(job && *job);
    EXPECT_EQ((*job)->payload, incoming.payload);
}

/// A stored body that no longer decodes (a damaged disk, a hand edit) ends its job with the
/// reason, once: it is not taken again and again, and the next job is taken.
TEST_P(StoreTest, ADamagedStoredBodyFailsItsJobWithTheReason) {
    auto store = open();
    auto incoming = delivery("damaged");
    incoming.payload = webhook_sized_body();
    ASSERT_TRUE(store.record_delivery(incoming, true));
    ASSERT_TRUE(store.record_delivery(delivery("fine"), true));
    where.run_sql(std::string("UPDATE deliveries SET payload_encoding = 'lz4', payload = ") +
                  (GetParam() == test::StoreBackend::sqlite ? "X'04224D180000'"
                                                            : "'\\x04224d180000'::bytea") +
                  " WHERE id = 'damaged'");
    auto const refused = store.take_job("w1");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("delivery damaged is damaged"), std::string::npos)
        << refused.error().message;
    auto const record = store.delivery("damaged")->value();
    EXPECT_EQ(record.job, JobState::failed);
    EXPECT_EQ(record.outcome, refused.error().message);
    auto const next = store.take_job("w1");
    ASSERT_TRUE(next && *next);
    EXPECT_EQ((*next)->delivery_id, "fine");
}

/// A job's outcome quotes what a build printed, which need not be UTF-8 (a Latin-1 log, a NUL):
/// it is recorded all the same, readable, and the text around the bad bytes is kept.
TEST_P(StoreTest, AnOutcomeThatIsNotUtf8IsRecordedReadably) {
    auto store = open();
    ASSERT_TRUE(store.record_delivery(delivery("d-5"), true));
    auto const job = store.take_job("w1");
    ASSERT_TRUE(job && *job);
    std::string outcome = "the patch does not build: caf\xe9 \xe2\x82";
    outcome += '\0';
    outcome += " tail";
    auto const finished = store.finish_job((*job)->id, "w1", false, outcome);
    ASSERT_TRUE(finished) << finished.error().message;
    auto const jobs = store.recent_jobs(1);
    ASSERT_TRUE(jobs && jobs->size() == 1u);
    EXPECT_TRUE(jobs->front().outcome.starts_with("the patch does not build: caf"))
        << jobs->front().outcome;
    EXPECT_TRUE(jobs->front().outcome.ends_with(" tail")) << jobs->front().outcome;
    EXPECT_EQ(jobs->front().state, JobState::failed);
}

TEST_P(StoreTest, JobsAreTakenOldestFirstAndLeasedToOneWorker) {
    auto store = open();
    for (auto const* id : {"a", "b"})
        ASSERT_TRUE(store.record_delivery(delivery(id), true));
    auto const first = store.take_job("w1");
    auto const second = store.take_job("w2");
    ASSERT_TRUE(first && *first && second && *second);
    EXPECT_EQ((*first)->delivery_id, "a");
    EXPECT_EQ((*second)->delivery_id, "b");
    EXPECT_EQ(*store.take_job("w3"), std::nullopt);
    EXPECT_EQ(store.queue_depth()->running, 2);
    ASSERT_TRUE(store.finish_job((*first)->id, "w1", true, "pong"));
    EXPECT_EQ(store.delivery("a")->value().job, JobState::done);
    EXPECT_EQ(store.delivery("a")->value().outcome, "pong");
}

TEST_P(StoreTest, AnExpiredLeaseIsTakenAgainAndTheOldWorkerLosesIt) {
    auto store = open();
    ASSERT_TRUE(store.record_delivery(delivery("d-4"), true));
    auto const first = store.take_job("w1");
    ASSERT_TRUE(first && *first);
    clock.set(k_start + 30s);
    ASSERT_TRUE(store.renew_lease((*first)->id, "w1")); // now held until +90 s
    clock.set(k_start + 80s);
    EXPECT_EQ(*store.take_job("w2"), std::nullopt);
    clock.set(k_start + 91s);
    auto const again = store.take_job("w2");
    ASSERT_TRUE(again && *again);
    EXPECT_EQ((*again)->id, (*first)->id);
    EXPECT_EQ((*again)->attempts, 2);
    auto const late = store.finish_job((*first)->id, "w1", true, "late");
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ErrorCode::conflict);
    EXPECT_FALSE(store.renew_lease((*first)->id, "w1"));
    EXPECT_TRUE(store.finish_job((*again)->id, "w2", false, "the repository is archived"));
    EXPECT_EQ(store.delivery("d-4")->value().job, JobState::failed);
}

TEST_P(StoreTest, AJobOfADeadWorkerIsReleasedAtOnceAndOnlyByItsHolder) {
    auto store = open();
    ASSERT_TRUE(store.record_delivery(delivery("d-9"), true));
    auto const first = store.take_job("host:41-1");
    ASSERT_TRUE(first && *first);
    auto const held = store.held_jobs();
    ASSERT_TRUE(held && held->size() == 1);
    EXPECT_EQ(held->front().worker, "host:41-1");
    ASSERT_TRUE(store.release_job((*first)->id, "host:99-1")); // not its holder: nothing
    EXPECT_EQ(*store.take_job("w2"), std::nullopt);
    ASSERT_TRUE(store.release_job((*first)->id, "host:41-1"));
    EXPECT_TRUE(store.held_jobs()->empty());
    auto const again = store.take_job("w2"); // at once, no lease to wait out
    ASSERT_TRUE(again && *again);
    EXPECT_EQ((*again)->attempts, 2);
    EXPECT_FALSE(store.finish_job((*first)->id, "host:41-1", true, "late"));
    ASSERT_TRUE(store.release_job((*again)->id, "w2"));
    auto const third = store.take_job("w3"); // its third attempt: the policy's last
    ASSERT_TRUE(third && *third);
    ASSERT_TRUE(store.release_job((*third)->id, "w3"));
    EXPECT_EQ(*store.take_job("w4"), std::nullopt) << "a job that keeps killing its worker";
    auto const record = store.delivery("d-9");
    EXPECT_EQ(record->value().job, JobState::failed);
    EXPECT_NE(record->value().outcome.find("3 attempts"), std::string::npos);
}

TEST_P(StoreTest, AJobWhoseWorkerKeepsDyingIsGivenUp) {
    auto store = open({10s, 2});
    ASSERT_TRUE(store.record_delivery(delivery("poison"), true));
    ASSERT_TRUE(store.take_job("w1")->has_value());
    clock.set(k_start + 11s);
    ASSERT_TRUE(store.take_job("w2")->has_value());
    clock.set(k_start + 22s);
    EXPECT_EQ(*store.take_job("w3"), std::nullopt);
    auto const record = store.delivery("poison")->value();
    EXPECT_EQ(record.job, JobState::failed);
    EXPECT_NE(record.outcome.find("2 attempts"), std::string::npos) << record.outcome;
}

TEST_P(StoreTest, EverythingSurvivesReopening) {
    {
        auto store = open();
        ASSERT_TRUE(store.record_delivery(delivery("kept"), true));
    }
    auto store = open();
    EXPECT_EQ(store.record_delivery(delivery("kept"), true), DeliveryStatus::duplicate);
    auto const recent = store.recent_deliveries(10);
    ASSERT_TRUE(recent);
    ASSERT_EQ(recent->size(), 1u);
    EXPECT_EQ(recent->front().received, k_start);
    clock.set(k_start + 90s);
    EXPECT_EQ(store.queue_depth()->oldest_queued_age, 90s);
}

TEST_P(StoreTest, ADatabaseFromANewerMedicIsRefused) {
    {
        auto store = open();
    }
    auto const newer = std::to_string(schema_version() + 1);
    where.run_sql(GetParam() == test::StoreBackend::sqlite
                      ? "PRAGMA user_version = " + newer
                      : "UPDATE medic_schema SET version = " + newer);
    auto const refused = Store::open_at(where.location(), clock);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("newer"), std::string::npos);
}

TEST_P(StoreTest, ADatabaseOfTheFirstSchemaIsMigratedAndKeepsItsDeliveries) {
    {
        auto store = open();
        ASSERT_TRUE(store.record_delivery(delivery("before"), true));
    }
    // Make it what the first released schema wrote.
    where.run_sql(
        std::string("DROP TABLE published_fixes; DROP TABLE fix_attempts; DROP TABLE "
                    "rejected_changes; DROP TABLE attempt_fates; DROP TABLE "
                    "attempt_records; DROP TABLE production_checks; DROP TABLE repository_holds; "
                    "ALTER TABLE deliveries DROP COLUMN payload_encoding; ") +
        (GetParam() == test::StoreBackend::sqlite ? "PRAGMA user_version = 1"
                                                  : "UPDATE medic_schema SET version = 1"));
    auto store = open();
    EXPECT_EQ(store.record_delivery(delivery("before"), true), DeliveryStatus::duplicate);
    auto const job = store.take_job("w1"); // a body stored before bodies were compressed
    ASSERT_TRUE(job && *job);
    EXPECT_EQ((*job)->payload, delivery("before").payload);
    EXPECT_TRUE(store.open_published_fixes("acme/shop")); // the table is back, later columns too
    EXPECT_TRUE(store.escalated("acme/shop"));
    EXPECT_TRUE(store.production_checks());
}

PublishedFix published(std::int64_t number, std::string head_sha) {
    return {"acme/shop",
            number,
            "medic/slow/x",
            std::move(head_sha),
            "0123456789abcdef",
            "rules/regex-hoist",
            true,
            6,
            {},
            {},
            "236.87x faster, p = 1.1e-05"};
}

TEST_P(StoreTest, PublishedPullRequestsAreFoundByHeadUntilTheyClose) {
    auto store = open();
    ASSERT_TRUE(store.record_published_fix(published(3, "aaaa")));
    ASSERT_TRUE(store.record_published_fix(published(4, "bbbb")));
    auto const at_a = store.open_published_fixes("acme/shop", "aaaa");
    ASSERT_TRUE(at_a);
    ASSERT_EQ(at_a->size(), 1u);
    EXPECT_EQ(at_a->front().number, 3);
    EXPECT_EQ(at_a->front().strategy, "rules/regex-hoist");
    EXPECT_TRUE(at_a->front().validated);
    EXPECT_EQ(at_a->front().diff_lines, 6);
    EXPECT_EQ(at_a->front().recorded, k_start);
    EXPECT_EQ(at_a->front().proof, "236.87x faster, p = 1.1e-05");
    EXPECT_TRUE(store.open_published_fixes("acme/ledger", "aaaa")->empty());
    EXPECT_EQ(store.open_published_fixes("acme/shop")->size(), 2u);
    ASSERT_TRUE(store.record_pull_request_outcome({"acme/shop", 3, "medic/slow/x", true, "m", {}}));
    EXPECT_TRUE(store.open_published_fixes("acme/shop", "aaaa")->empty());
    EXPECT_EQ(store.open_published_fixes("acme/shop")->size(), 1u);
}

TEST_P(StoreTest, AConflictMarkHoldsUntilANewHeadIsPublished) {
    auto store = open();
    ASSERT_TRUE(store.record_published_fix(published(4, "bbbb")));
    ASSERT_TRUE(store.mark_conflict("acme/shop", 4, "src/search.cpp changed on main"));
    ASSERT_TRUE(store.record_published_fix(published(4, "bbbb"))); // the same head again
    EXPECT_EQ(store.open_published_fixes("acme/shop")->front().conflict,
              "src/search.cpp changed on main");
    ASSERT_TRUE(store.record_published_fix(published(4, "cccc"))); // brought onto the base
    auto const fixes = store.open_published_fixes("acme/shop");
    EXPECT_EQ(fixes->front().head_sha, "cccc");
    EXPECT_EQ(fixes->front().conflict, "");
}

TEST_P(StoreTest, AHandOverAndTheReportAreKeptAcrossRepublishing) {
    auto store = open();
    auto fix = published(5, "aaaa");
    fix.report = "/state/runs/d1/anomaly-report.json";
    ASSERT_TRUE(store.record_published_fix(fix));
    ASSERT_TRUE(store.hand_over("acme/shop", 5, "carol"));
    fix.report.clear(); // a record without a report keeps the one it had
    ASSERT_TRUE(store.record_published_fix(fix));
    auto const fixes = store.open_published_fixes("acme/shop");
    ASSERT_EQ(fixes->size(), 1u);
    EXPECT_EQ(fixes->front().report, "/state/runs/d1/anomaly-report.json");
    EXPECT_EQ(fixes->front().handed_over, "carol");
}

TEST_P(StoreTest, FailedAttemptsCountUntilASuccessAndTheEscalationIsKept) {
    auto store = open();
    for (int attempt = 1; attempt <= 12; ++attempt) {
        auto const attempts = store.record_fix_attempt("acme/shop", "0123456789abcdef", false,
                                                       "tests fail " + std::to_string(attempt));
        ASSERT_TRUE(attempts);
        EXPECT_EQ(attempts->failures, attempt);
    }
    auto const other = store.record_fix_attempt("acme/ledger", "0123456789abcdef", false, "x");
    EXPECT_EQ(other->failures, 1) << "counted per repository";
    EXPECT_TRUE(store.escalated("acme/shop")->empty());
    ASSERT_TRUE(store.record_escalation("acme/shop", "0123456789abcdef", 17));
    auto escalated = store.escalated("acme/shop");
    ASSERT_EQ(escalated->size(), 1u);
    EXPECT_EQ(escalated->front().issue, 17);
    EXPECT_EQ(escalated->front().failures, 12);
    ASSERT_EQ(escalated->front().reasons.size(), 10u) << "the last ten reasons are kept";
    EXPECT_EQ(escalated->front().reasons.front(), "tests fail 3");
    EXPECT_EQ(escalated->front().reasons.back(), "tests fail 12");
    auto const succeeded = store.record_fix_attempt("acme/shop", "0123456789abcdef", true, "");
    EXPECT_EQ(succeeded->failures, 0);
    EXPECT_TRUE(succeeded->reasons.empty());
    EXPECT_EQ(succeeded->issue, 17) << "the issue stays open until the anomaly is gone";
    ASSERT_TRUE(store.record_escalation("acme/shop", "0123456789abcdef", 0));
    EXPECT_TRUE(store.escalated("acme/shop")->empty());
}

TEST_P(StoreTest, ARejectedChangeIsKeptOncePerAnomaly) {
    auto store = open();
    RejectedChange change{"acme/shop",
                          "0123456789abcdef",
                          "feedfacecafebeef",
                          3,
                          "pull request #3, closed at @bob's request",
                          {}};
    ASSERT_TRUE(store.record_rejected_change(change));
    change.why = "pull request #3, closed unmerged"; // the closed event after /medic close
    ASSERT_TRUE(store.record_rejected_change(change));
    change.anomaly = "fedcba9876543210";
    ASSERT_TRUE(store.record_rejected_change(change));
    auto const changes = store.rejected_changes("acme/shop");
    ASSERT_TRUE(changes);
    ASSERT_EQ(changes->size(), 2u);
    EXPECT_EQ(changes->front().anomaly, "0123456789abcdef");
    EXPECT_EQ(changes->front().why, "pull request #3, closed at @bob's request");
    EXPECT_EQ(changes->front().rejected, k_start);
    EXPECT_TRUE(store.rejected_changes("acme/ledger")->empty());
}

TEST(StoreOnSqlite, AFileThatIsNoDatabaseIsAClearError) {
    test::TempDir dir;
    test::ManualClock clock{k_start};
    auto const path = dir.write("medic.sqlite3", "this is not SQLite, but it is long enough to be "
                                                 "read as a header by the library's open call.");
    auto const store = Store::open(path, clock);
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message.find("medic.sqlite3"), std::string::npos)
        << store.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, test::all_store_backends(), test::store_backend_name);

} // namespace
} // namespace medic::store
