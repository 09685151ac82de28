// The workers on a real store: each queued job processed once with its outcome recorded, and the
// jobs a crashed server's workers held taken back at restart — only those of this machine whose
// process is gone.

#include "bot/serve/workers.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace medic::serve {
namespace {

class WorkersTest : public ::testing::Test {
protected:
    WorkersTest() : store(std::move(*store::Store::open(dir.path() / "medic.sqlite3", clock))) {}

    void queue(std::string id) {
        store::IncomingDelivery delivery{std::move(id), "ping", "", 0, "", R"({"hook_id":5})"};
        ASSERT_TRUE(store.record_delivery(delivery, true));
    }

    test::TempDir dir;
    test::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(500'000))};
    store::Store store;
};

/// Nothing in these tests reaches GitHub.
class NoActions final : public RepositoryActions {
public:
    Result<std::string> run_report(const ReportRun&) override { return unexpected(); }
    Result<std::string> decide_merge(const MergeCandidate&) override { return unexpected(); }
    Result<std::string> mark_conflicts(const BaseMoved&) override { return unexpected(); }
    Result<std::string> answer_command(const CommandRun&) override { return unexpected(); }
    Result<std::string> hand_over(const BranchPushed&) override { return unexpected(); }
    Result<std::string> tell_production(const ProductionTold&) override { return unexpected(); }

private:
    static Result<std::string> unexpected() {
        return fail(ErrorCode::internal, "no ping reaches GitHub");
    }
};

TEST_F(WorkersTest, JobsOfDeadWorkersOnThisMachineAreTakenBack) {
    for (auto const* id : {"a", "b", "c", "d"})
        queue(id);
    ASSERT_TRUE(*store.take_job("box:100-1"));   // a dead process of this machine
    ASSERT_TRUE(*store.take_job("box:200-1"));   // a live one
    ASSERT_TRUE(*store.take_job("other:100-1")); // another machine's: its lease decides
    ASSERT_TRUE(*store.take_job("box:garbage")); // not a name WorkerPool gives
    std::set<long> asked;
    auto const released = release_jobs_of_dead_workers(store, "box", [&](long pid) {
        asked.insert(pid);
        return pid == 200;
    });
    ASSERT_TRUE(released) << released.error().message;
    EXPECT_EQ(*released, 1);
    EXPECT_EQ(asked, (std::set<long>{100, 200}));
    auto const held = store.held_jobs();
    ASSERT_EQ(held->size(), 3u);
    for (auto const& job : *held)
        EXPECT_NE(job.worker, "box:100-1");
    auto const again = store.take_job("box:300-1");
    ASSERT_TRUE(again && *again);
    EXPECT_EQ((*again)->delivery_id, "a");
}

TEST_F(WorkersTest, EachQueuedJobIsProcessedOnceAndItsOutcomeKept) {
    for (int i = 0; i < 20; ++i)
        queue("p-" + std::to_string(i));
    ServerMetrics metrics;
    NoActions actions;
    {
        WorkerPool pool(
            store, metrics, actions, 3, "box:1", [](std::string_view) {},
            std::chrono::milliseconds(5));
        auto const busy = [&] {
            auto const depth = store.queue_depth();
            return depth->queued + depth->running > 0;
        };
        for (int wait = 0; wait < 2000 && busy(); ++wait)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    auto const records = store.recent_deliveries(100);
    ASSERT_EQ(records->size(), 20u);
    for (auto const& record : *records) {
        EXPECT_EQ(record.job, store::JobState::done) << record.id;
        EXPECT_EQ(record.outcome, "pong: hook 5");
    }
}

/// A job whose stored payload no longer decodes is failed by the store; the worker takes the next
/// job at once instead of waiting for its idle poll (an hour here).
TEST_F(WorkersTest, ADamagedPayloadDoesNotKeepTheNextJobWaiting) {
    store::IncomingDelivery damaged{
        "damaged", "ping", "",
        0,         "",     R"({"hook_id":5,"zen":")" + std::string(2'000, 'z') + R"("})"};
    ASSERT_TRUE(store.record_delivery(damaged, true));
    queue("next");
    test::StoreLocation const where{test::StoreBackend::sqlite, dir};
    where.run_sql("UPDATE deliveries SET payload = X'04224D180000' WHERE id = 'damaged'");
    ServerMetrics metrics;
    NoActions actions;
    std::vector<std::string> logged;
    std::mutex log_mutex;
    {
        WorkerPool pool(
            store, metrics, actions, 1, "box:1",
            [&](std::string_view line) {
                std::lock_guard lock(log_mutex);
                logged.emplace_back(line);
            },
            std::chrono::hours(1));
        for (int wait = 0; wait < 2000 && store.queue_depth()->queued > 0; ++wait)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(store.delivery("next")->value().job, store::JobState::done);
    EXPECT_EQ(store.delivery("damaged")->value().job, store::JobState::failed);
    std::lock_guard lock(log_mutex);
    auto const refusals = std::count_if(logged.begin(), logged.end(), [](const std::string& line) {
        return line.find("cannot take a job") != std::string::npos &&
               line.find("delivery damaged is damaged") != std::string::npos;
    });
    EXPECT_EQ(refusals, 1) << ::testing::PrintToString(logged);
}

} // namespace
} // namespace medic::serve
