// What workers do with each processed event, on a real store: installations and their
// repositories, Medic's pull requests closing, pings; and that doing a job twice changes nothing.

#include "bot/serve/event_processing.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace medic::serve {
namespace {

using nlohmann::json;

/// Keeps what process_job asked of the pipeline (the real runner is proven end to end by
/// serve_dispatch_test.sh).
class RecordingRunner final : public ReportRunner {
public:
    Result<std::string> run_report(const ReportRun& run) override {
        runs.push_back(run);
        return "ran " + run.repository;
    }
    std::vector<ReportRun> runs;
};

class EventProcessingTest : public ::testing::Test {
protected:
    EventProcessingTest()
        : store(std::move(*store::Store::open(dir.path() / "medic.sqlite3", clock))) {}

    Result<std::string> process(std::string event, const json& payload,
                                std::string repository = "") {
        store::Job job{1,
                       "d",
                       std::move(event),
                       payload.value("action", ""),
                       std::move(repository),
                       payload.dump(),
                       1};
        return process_job(job, store, runner);
    }

    test::TempDir dir;
    test::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(500'000))};
    store::Store store;
    RecordingRunner runner;
};

json installation(std::string action) {
    return {{"action", std::move(action)},
            {"installation", {{"id", 77}, {"account", {{"login", "acme"}}}}},
            {"repositories", {{{"full_name", "acme/shop"}}, {{"full_name", "acme/ledger"}}}}};
}

TEST_F(EventProcessingTest, AnInstallationAndItsRepositoriesAreRecorded) {
    ASSERT_TRUE(process("installation", installation("created")));
    ASSERT_TRUE(process("installation", installation("created"))); // again: the same state
    auto const changed = process("installation_repositories",
                                 {{"action", "added"},
                                  {"installation", {{"id", 77}, {"account", {{"login", "acme"}}}}},
                                  {"repositories_added", {{{"full_name", "acme/depot"}}}},
                                  {"repositories_removed", {{{"full_name", "acme/ledger"}}}}});
    ASSERT_TRUE(changed) << changed.error().message;
    auto const recorded = store.installations();
    ASSERT_TRUE(recorded && recorded->size() == 1);
    EXPECT_EQ(recorded->front().account, "acme");
    EXPECT_EQ(recorded->front().repositories,
              (std::vector<std::string>{"acme/depot", "acme/shop"}));
    ASSERT_TRUE(process("installation", {{"action", "suspend"}, {"installation", {{"id", 77}}}}));
    EXPECT_EQ(store.installations()->front().state, store::InstallationState::suspended);
    EXPECT_EQ(store.installations()->front().repositories.size(), 2u); // kept: none listed
    ASSERT_TRUE(process("installation", installation("deleted")));
    EXPECT_EQ(store.installations()->front().state, store::InstallationState::deleted);
}

json closed_pull(std::string branch, bool merged) {
    return {{"action", "closed"},
            {"number", 12},
            {"pull_request",
             {{"number", 12},
              {"merged", merged},
              {"merge_commit_sha", "abc123"},
              {"closed_at", "2026-12-01T10:00:00Z"},
              {"head", {{"ref", std::move(branch)}}}}}};
}

TEST_F(EventProcessingTest, MedicsPullRequestsOutcomesAreRecorded) {
    auto const merged = process("pull_request", closed_pull("medic/slow/search-1", true), "a/b");
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_EQ(*merged, "a/b#12 merged");
    ASSERT_TRUE(process("pull_request", closed_pull("medic/slow/search-1", true), "a/b"));
    auto const outcomes = store.pull_request_outcomes();
    ASSERT_TRUE(outcomes && outcomes->size() == 1);
    EXPECT_TRUE(outcomes->front().merged);
    EXPECT_EQ(outcomes->front().merge_commit, "abc123");
    EXPECT_EQ(outcomes->front().closed,
              std::chrono::system_clock::time_point(std::chrono::seconds(1'796'119'200)));
}

TEST_F(EventProcessingTest, OtherPeoplesPullRequestsAreLeftAlone) {
    auto const other = process("pull_request", closed_pull("feature/x", false), "a/b");
    ASSERT_TRUE(other);
    EXPECT_NE(other->find("not Medic's"), std::string::npos);
    EXPECT_TRUE(store.pull_request_outcomes()->empty());
}

TEST_F(EventProcessingTest, BrokenPayloadsFailTheJobWithAReason) {
    auto const no_installation = process("installation", {{"action", "created"}});
    ASSERT_FALSE(no_installation);
    EXPECT_NE(no_installation.error().message.find("installation"), std::string::npos);
    json no_time = closed_pull("medic/x", true);
    no_time["pull_request"].erase("closed_at");
    EXPECT_FALSE(process("pull_request", no_time, "a/b"));
    store::Job garbage{1, "d", "ping", "", "", "not json", 1};
    EXPECT_FALSE(process_job(garbage, store, runner));
    EXPECT_EQ(*process("ping", {{"hook_id", 9}}), "pong: hook 9");
}

TEST_F(EventProcessingTest, AnAnomalyReportByRepositoryDispatchRunsThePipeline) {
    json const report = {{"schema", "medic.anomalies/v1"}, {"anomalies", json::array()}};
    json const dispatch = {{"action", "medic-anomaly-report"},
                           {"client_payload", {{"anomaly_report", report}}},
                           {"installation", {{"id", 77}}}};
    auto const ran = process("repository_dispatch", dispatch, "acme/shop");
    ASSERT_TRUE(ran) << ran.error().message;
    EXPECT_EQ(*ran, "ran acme/shop");
    ASSERT_EQ(runner.runs.size(), 1u);
    EXPECT_EQ(runner.runs[0].installation_id, 77);
    EXPECT_EQ(runner.runs[0].report, report);
    json without = dispatch;
    without["client_payload"].erase("anomaly_report");
    auto const refused = process("repository_dispatch", without, "acme/shop");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("anomaly_report"), std::string::npos);
    EXPECT_EQ(runner.runs.size(), 1u);
}

} // namespace
} // namespace medic::serve
