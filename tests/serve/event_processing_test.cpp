// What workers do with each processed event, on a real store: installations and their
// repositories, Medic's pull requests closing, checks completing on their heads, pings; and that
// doing a job twice changes nothing.

#include "bot/serve/event_processing.hpp"
#include "bot/serve/webhook_intake.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace medic::serve {
namespace {

using nlohmann::json;

/// Keeps what process_job asked of GitHub (the real actions are proven end to end by
/// serve_dispatch_test.sh).
class RecordingActions final : public RepositoryActions {
public:
    Result<std::string> run_report(const ReportRun& run) override {
        runs.push_back(run);
        return "ran " + run.repository;
    }
    Result<std::string> decide_merge(const MergeCandidate& candidate) override {
        merges.push_back(candidate);
        return "decided #" + std::to_string(candidate.fix.number);
    }
    Result<std::string> answer_command(const CommandRun& run) override {
        commands.push_back(run);
        return "answered " + run.command.word;
    }
    Result<std::string> mark_conflicts(const BaseMoved& moved) override {
        moved_bases.push_back(moved);
        return "checked " + std::to_string(moved.fixes.size());
    }
    Result<std::string> hand_over(const BranchPushed& pushed) override {
        hand_overs.push_back(pushed);
        return "handed over to " + pushed.pusher;
    }
    Result<std::string> tell_production(const ProductionTold& told) override {
        told_production.push_back(told);
        return "told #" + std::to_string(told.pull_request);
    }
    std::vector<BranchPushed> hand_overs;
    std::vector<ProductionTold> told_production;
    std::vector<ReportRun> runs;
    std::vector<MergeCandidate> merges;
    std::vector<BaseMoved> moved_bases;
    std::vector<CommandRun> commands;
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
        return process_job(job, store, actions);
    }

    test::TempDir dir;
    test::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(500'000))};
    store::Store store;
    RecordingActions actions;
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
    EXPECT_FALSE(process_job(garbage, store, actions));
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
    ASSERT_EQ(actions.runs.size(), 1u);
    EXPECT_EQ(actions.runs[0].installation_id, 77);
    EXPECT_EQ(actions.runs[0].report, report);
    json without = dispatch;
    without["client_payload"].erase("anomaly_report");
    auto const refused = process("repository_dispatch", without, "acme/shop");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("anomaly_report"), std::string::npos);
    EXPECT_EQ(actions.runs.size(), 1u);
}

TEST_F(EventProcessingTest, AReportInAWorkflowArtifactOrFromLiveTelemetryRunsThePipeline) {
    json dispatch = {
        {"action", "medic-anomaly-report"},
        {"client_payload", {{"anomaly_report_artifact", 31}, {"anomaly_report_file", "r/a.json"}}},
        {"installation", {{"id", 77}}}};
    ASSERT_TRUE(process("repository_dispatch", dispatch, "acme/shop"));
    ASSERT_EQ(actions.runs.size(), 1u);
    EXPECT_TRUE(actions.runs[0].report.is_null());
    EXPECT_EQ(actions.runs[0].artifact, "31");
    EXPECT_EQ(actions.runs[0].artifact_file, "r/a.json");
    dispatch["client_payload"] = {
        {"anomaly_report_artifact", "https://github.com/acme/shop/actions/runs/9/artifacts/31"}};
    ASSERT_TRUE(process("repository_dispatch", dispatch, "acme/shop"));
    EXPECT_EQ(actions.runs[1].artifact, "https://github.com/acme/shop/actions/runs/9/artifacts/31");
    dispatch["client_payload"] = {{"anomaly_report_artifact", json::array()}};
    EXPECT_FALSE(process("repository_dispatch", dispatch, "acme/shop"));
    // What live detection records: the same shape under its own event name.
    dispatch["client_payload"] = {{"anomaly_report", {{"anomalies", json::array()}}}};
    ASSERT_TRUE(process(std::string(k_live_telemetry_event), dispatch, "acme/shop"));
    EXPECT_EQ(actions.runs.size(), 3u);
}

store::PublishedFix published(std::int64_t number, std::string head_sha) {
    return {"acme/shop",
            number,
            "medic/slow/x-" + std::to_string(number),
            std::move(head_sha),
            "0123456789abcdef",
            "rules/regex-hoist",
            true,
            6,
            {},
            {}};
}

json checks_completed(std::string_view event, std::string head_sha) {
    return {{"action", "completed"},
            {std::string(event), {{"head_sha", std::move(head_sha)}, {"conclusion", "success"}}},
            {"installation", {{"id", 77}}}};
}

TEST_F(EventProcessingTest, CompletedChecksOnAPublishedHeadAskForTheMergeDecision) {
    ASSERT_TRUE(store.record_published_fix(published(3, "aaaa")));
    ASSERT_TRUE(store.record_published_fix(published(4, "bbbb")));
    auto const decided =
        process("check_suite", checks_completed("check_suite", "aaaa"), "acme/shop");
    ASSERT_TRUE(decided) << decided.error().message;
    EXPECT_EQ(*decided, "decided #3");
    ASSERT_EQ(actions.merges.size(), 1u);
    EXPECT_EQ(actions.merges[0].installation_id, 77);
    EXPECT_EQ(actions.merges[0].fix.strategy, "rules/regex-hoist");
    EXPECT_EQ(actions.merges[0].fix.diff_lines, 6);
    ASSERT_TRUE(process("check_run", checks_completed("check_run", "bbbb"), "acme/shop"));
    EXPECT_EQ(actions.merges.back().fix.number, 4);
}

TEST_F(EventProcessingTest, ChecksOnOtherCommitsOrClosedPullRequestsDecideNothing) {
    ASSERT_TRUE(store.record_published_fix(published(3, "aaaa")));
    auto const other = process("check_suite", checks_completed("check_suite", "cccc"), "acme/shop");
    ASSERT_TRUE(other);
    EXPECT_NE(other->find("nothing to decide"), std::string::npos);
    // Another repository's commit with the same id is not this one's pull request.
    EXPECT_TRUE(process("check_suite", checks_completed("check_suite", "aaaa"), "acme/ledger"));
    ASSERT_TRUE(process("pull_request", closed_pull("medic/slow/x-3", true), "acme/shop"));
    // closed_pull() closes #12; close #3 too.
    store::PullRequestOutcome closed{"acme/shop", 3, "medic/slow/x-3", false, "", {}};
    ASSERT_TRUE(store.record_pull_request_outcome(closed));
    EXPECT_TRUE(process("check_suite", checks_completed("check_suite", "aaaa"), "acme/shop"));
    EXPECT_TRUE(actions.merges.empty());
    EXPECT_FALSE(process("check_suite", {{"action", "completed"}}, "acme/shop"));
}

json push_to(std::string ref) {
    return {{"ref", std::move(ref)},
            {"after", "dddd"},
            {"repository", {{"full_name", "acme/shop"}, {"default_branch", "main"}}},
            {"installation", {{"id", 77}}}};
}

TEST_F(EventProcessingTest, APushToTheDefaultBranchChecksMedicsOpenPullRequests) {
    auto const none = process("push", push_to("refs/heads/main"), "acme/shop");
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_NE(none->find("no open Medic pull request"), std::string::npos);
    ASSERT_TRUE(store.record_published_fix(published(3, "aaaa")));
    ASSERT_TRUE(store.record_published_fix(published(4, "bbbb")));
    EXPECT_EQ(*process("push", push_to("refs/heads/main"), "acme/shop"), "checked 2");
    ASSERT_EQ(actions.moved_bases.size(), 1u);
    EXPECT_EQ(actions.moved_bases[0].installation_id, 77);
    auto const elsewhere = process("push", push_to("refs/heads/feature"), "acme/shop");
    EXPECT_NE(elsewhere->find("not the default branch"), std::string::npos);
    json deleted = push_to("refs/heads/main");
    deleted["deleted"] = true;
    EXPECT_TRUE(process("push", deleted, "acme/shop"));
    EXPECT_EQ(actions.moved_bases.size(), 1u);
    EXPECT_FALSE(process("push", {{"ref", "refs/heads/main"}}, "acme/shop"));
}

json comment_on(std::int64_t number, std::string body, bool pull_request = true) {
    json issue = {{"number", number}};
    if (pull_request)
        issue["pull_request"] = {{"url", "https://api.github.com/repos/acme/shop/pulls/3"}};
    return {
        {"action", "created"},
        {"issue", issue},
        {"comment",
         {{"id", 9001}, {"body", std::move(body)}, {"user", {{"login", "bob"}, {"type", "User"}}}}},
        {"installation", {{"id", 77}}}};
}

TEST_F(EventProcessingTest, AMedicCommandOnMedicsPullRequestIsAnswered) {
    ASSERT_TRUE(store.record_published_fix(published(3, "aaaa")));
    auto const answered = process("issue_comment", comment_on(3, "/medic explain"), "acme/shop");
    ASSERT_TRUE(answered) << answered.error().message;
    EXPECT_EQ(*answered, "answered explain");
    ASSERT_EQ(actions.commands.size(), 1u);
    EXPECT_EQ(actions.commands[0].fix.number, 3);
    EXPECT_EQ(actions.commands[0].comment_id, 9001);
    EXPECT_EQ(actions.commands[0].author.login, "bob");
    EXPECT_EQ(actions.commands[0].installation_id, 77);
    // Not Medic's, not a pull request, no command: nothing is asked of GitHub.
    EXPECT_NE(
        process("issue_comment", comment_on(4, "/medic close"), "acme/shop")->find("not one of"),
        std::string::npos);
    EXPECT_NE(process("issue_comment", comment_on(3, "/medic close", false), "acme/shop")
                  ->find("issue #3"),
              std::string::npos);
    EXPECT_NE(process("issue_comment", comment_on(3, "nice work"), "acme/shop")->find("no /medic"),
              std::string::npos);
    EXPECT_EQ(actions.commands.size(), 1u);
    // An edited comment is never queued (webhook_intake), so never a command.
    EXPECT_FALSE(is_processed_event("issue_comment", "edited"));
    EXPECT_FALSE(is_processed_event("issue_comment", "deleted"));
    EXPECT_TRUE(is_processed_event("issue_comment", "created"));
}

TEST_F(EventProcessingTest, APersonsPushToAMedicBranchHandsItOverAndMedicsOwnDoesNot) {
    ASSERT_TRUE(store.record_published_fix(published(3, "aaaa")));
    auto branch_push = [](std::string after) {
        json push = push_to("refs/heads/medic/slow/x-3");
        push["after"] = std::move(after);
        push["sender"] = {{"login", "carol"}, {"type", "User"}};
        return push;
    };
    EXPECT_EQ(*process("push", branch_push("aaaa"), "acme/shop"),
              "push to medic/slow/x-3: Medic's own");
    EXPECT_TRUE(actions.hand_overs.empty());
    EXPECT_EQ(*process("push", branch_push("eeee"), "acme/shop"), "handed over to carol");
    ASSERT_EQ(actions.hand_overs.size(), 1u);
    EXPECT_EQ(actions.hand_overs[0].fix.number, 3);
    EXPECT_EQ(actions.hand_overs[0].after, "eeee");
    ASSERT_TRUE(store.hand_over("acme/shop", 3, "carol"));
    EXPECT_NE(process("push", branch_push("ffff"), "acme/shop")->find("already"),
              std::string::npos);
    EXPECT_EQ(actions.hand_overs.size(), 1u) << "told once";

    auto by_medic = branch_push("9999");
    by_medic["sender"] = {{"login", "medic[bot]"}, {"type", "Bot"}};
    ASSERT_TRUE(store.record_published_fix(published(4, "bbbb")));
    by_medic["ref"] = "refs/heads/medic/slow/x-4";
    EXPECT_NE(process("push", by_medic, "acme/shop")->find("not a person's"), std::string::npos)
        << "Medic's own push, its event late";
    json other = push_to("refs/heads/medic/slow/gone");
    EXPECT_NE(process("push", other, "acme/shop")->find("no open Medic pull request"),
              std::string::npos);
    EXPECT_TRUE(actions.moved_bases.empty()) << "a Medic branch is not the default branch";
}

json review_of(std::int64_t number, std::string state, std::string body) {
    return {{"action", "submitted"},
            {"review",
             {{"id", 555},
              {"state", std::move(state)},
              {"body", std::move(body)},
              {"user", {{"login", "bob"}, {"type", "User"}}}}},
            {"pull_request", {{"number", number}}},
            {"installation", {{"id", 77}}}};
}

TEST_F(EventProcessingTest, AReviewRequestingChangesIsARevisionAndAnApprovalIsNothing) {
    ASSERT_TRUE(store.record_published_fix(published(3, "aaaa")));
    auto const revised = process(
        "pull_request_review", review_of(3, "changes_requested", "Keep it bounded."), "acme/shop");
    ASSERT_TRUE(revised) << revised.error().message;
    EXPECT_EQ(*revised, "answered revise");
    ASSERT_EQ(actions.commands.size(), 1u);
    EXPECT_EQ(actions.commands[0].command.kind, CommandKind::revise);
    EXPECT_EQ(actions.commands[0].command.argument, "Keep it bounded.");
    EXPECT_EQ(actions.commands[0].review_id, 555);
    EXPECT_EQ(actions.commands[0].comment_id, 0);
    EXPECT_NE(process("pull_request_review", review_of(3, "approved", "LGTM"), "acme/shop")
                  ->find("nothing to do"),
              std::string::npos);
    EXPECT_NE(process("pull_request_review", review_of(4, "CHANGES_REQUESTED", "x"), "acme/shop")
                  ->find("not one of"),
              std::string::npos);
    EXPECT_EQ(actions.commands.size(), 1u);
    EXPECT_TRUE(is_processed_event("pull_request_review", "submitted"));
    EXPECT_FALSE(is_processed_event("pull_request_review", "edited"));
    EXPECT_FALSE(process("pull_request_review", {{"action", "submitted"}}, "acme/shop"));
}

} // namespace
} // namespace medic::serve
