// One fix's pull request as the pipeline publishes it (bot/pipeline/github_publishing.hpp),
// against the local GitHub API server: the branch checked through the Git database API, the
// PR with labels, CODEOWNERS reviewers, status comment and check run, a partially validated fix
// as a draft that never merges, and a re-run that changes nothing but the outcome.

#include "bot/pipeline/github_publishing.hpp"
#include "tests/github/github_client_fixture.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace medic::github {
namespace {

std::string branch_sha(const test::GitHubApiServer& server, const std::string& branch) {
    return server.state()["refs"].value("refs/heads/" + branch, "");
}

TEST_F(GitHubClientTest, EnsureBranchConfirmsThePushCreatesMovesOrRefuses) {
    start({}, {"medic/slow/a-1"});
    auto const pushed = branch_sha(*m_server, "medic/slow/a-1");
    auto const main = branch_sha(*m_server, "main");
    ASSERT_FALSE(pushed.empty());
    EXPECT_EQ(ensure_branch(*m_api, m_repo, "medic/slow/a-1", pushed), BranchChange::unchanged);
    EXPECT_EQ(ensure_branch(*m_api, m_repo, "medic/slow/b-2", pushed), BranchChange::created);
    EXPECT_EQ(ensure_branch(*m_api, m_repo, "medic/slow/a-1", main), BranchChange::moved);
    EXPECT_EQ(branch_sha(*m_server, "medic/slow/a-1"), main);
    auto const elsewhere = ensure_branch(*m_api, m_repo, "medic/slow/c-3", std::string(40, 'a'));
    ASSERT_FALSE(elsewhere);
    EXPECT_NE(elsewhere.error().message.find("publish.remote"), std::string::npos)
        << elsewhere.error().message;
}

class PublishFixTest : public GitHubClientTest {
protected:
    void SetUp() override {
        start_as_app({{"ci_conclusion", "success"}}, {m_branch});
        std::filesystem::create_directories(m_checkout.path() / ".github");
        std::ofstream(m_checkout.path() / ".github" / "CODEOWNERS") << "*  @alice\n";
        m_config.github.repository = "acme/shop";
        m_config.publish.auto_merge.enabled = true;
        m_anomaly.id = "abc1230000000000";
        m_anomaly.kind = AnomalyKind::slow;
        m_draft.strategy = Strategy::rules;
        m_draft.fixer = "perf-regex-in-loop";
        m_draft.root_cause = "a std::regex is built per call";
        m_draft.files = {"src/cart.cpp"};
        m_draft.diff = "diff --git a/src/cart.cpp b/src/cart.cpp\n--- a/src/cart.cpp\n+++ "
                       "b/src/cart.cpp\n@@ -3 +3 @@\n-a\n+b\n";
        m_verdict.reason = "1.03× faster, p = 0.38: not proven faster";
        m_verdict.benchmark = BenchmarkComparison{};
        m_verdict.base_commit = std::string(40, '0');
    }

    Result<PullRequestOutcome> publish(bool draft) {
        auto target = pipeline::connect_github(*m_app_api, m_config, m_checkout.path(), "");
        if (!target)
            return std::unexpected(target.error());
        pipeline::FixForGitHub fix{m_anomaly,
                                   m_draft,
                                   m_verdict,
                                   m_branch,
                                   branch_sha(*m_server, m_branch),
                                   "perf: hoist the regex",
                                   "the body",
                                   draft};
        return pipeline::publish_fix_pull_request(*target, fix, m_config);
    }

    std::string m_branch = "medic/slow/cart-abc12300";
    test::TempDir m_checkout;
    MedicConfig m_config;
    Anomaly m_anomaly;
    PatchDraft m_draft;
    Verdict m_verdict;
};

TEST_F(PublishFixTest, APartiallyValidatedFixIsADraftThatNeverMerges) {
    auto outcome = publish(/*draft=*/true);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(outcome->pull.created);
    EXPECT_TRUE(outcome->pull.draft);
    EXPECT_EQ(outcome->merge.action, "not merged");
    EXPECT_EQ(outcome->merge.detail, "the fix is not fully validated");
    EXPECT_EQ(outcome->reviewers, std::vector<std::string>{"alice"});
    EXPECT_TRUE(outcome->warnings.empty());
    auto const state = m_server->state();
    EXPECT_TRUE(state["merges"].empty());
    ASSERT_EQ(state["check_runs"].size(), 1U);
    EXPECT_EQ(state["check_runs"][0]["conclusion"], "neutral");
    EXPECT_EQ(state["check_runs"][0]["annotations"].size(), 1U);
    auto const labels = state["issue_labels"][std::to_string(outcome->pull.number)];
    EXPECT_EQ(labels, (nlohmann::json{"medic", "performance", "medic:slow"}));
}

TEST_F(PublishFixTest, AReRunUpdatesTheSamePullRequestAndNothingElse) {
    ASSERT_TRUE(publish(true));
    m_verdict.reason = "1.04× faster, p = 0.31: not proven faster";
    auto again = publish(true);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_FALSE(again->pull.created);
    auto const state = m_server->state();
    EXPECT_EQ(state["pulls"].size(), 1U);
    EXPECT_EQ(state["comments"].size(), 1U);
    EXPECT_NE(state["comments"][0]["body"].get<std::string>().find("1.04×"), std::string::npos)
        << "the status comment shows the latest run";
    EXPECT_EQ(state["check_runs"].size(), 1U);
    EXPECT_EQ(state["check_runs"][0]["annotations"].size(), 1U) << "not appended twice";
}

TEST_F(PublishFixTest, AValidatedFixMergesWhenItsChecksAreGreen) {
    m_verdict.validated = true;
    m_verdict.reason = "2.1× faster, p = 1.1e-05";
    auto outcome = publish(false);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->merge.action, "merged") << outcome->merge.detail;
    EXPECT_EQ(m_server->state()["merges"][0]["via"], "rest");
}

TEST_F(PublishFixTest, ADraftWhoseFixIsNowValidatedBecomesReadyAndMerges) {
    ASSERT_TRUE(publish(/*draft=*/true));
    m_verdict.validated = true;
    auto ready = publish(/*draft=*/false);
    ASSERT_TRUE(ready) << ready.error().message;
    EXPECT_FALSE(ready->pull.draft);
    EXPECT_TRUE(ready->pull.updated);
    EXPECT_EQ(ready->merge.action, "merged") << ready->merge.detail;
    EXPECT_EQ(m_server->state()["pulls"][0]["draft"], false);
}

TEST_F(PublishFixTest, AFailedWriteIsNotSentTwiceAndTheNextRunResumes) {
    m_server->add_fault({{"method", "POST"},
                         {"path", "^/repos/acme/shop/check-runs$"},
                         {"status", 502},
                         {"body", {{"message", "Server Error"}}},
                         {"times", 1}});
    auto first = publish(true);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_GT(first->pull.number, 0) << "the PR is reported even though a later step failed";
    EXPECT_NE(first->failure.find("check run"), std::string::npos) << first->failure;
    EXPECT_TRUE(m_server->state()["check_runs"].empty()) << "a 502 on a write is not resent";
    auto second = publish(true);
    ASSERT_TRUE(second);
    EXPECT_TRUE(second->failure.empty()) << second->failure;
    EXPECT_EQ(m_server->state()["check_runs"].size(), 1U);
}

TEST_F(PublishFixTest, AnEarlierAutoMergeIsTurnedOffOnceThePolicyRefuses) {
    m_server->set_ci("pending");
    m_verdict.validated = true;
    auto first = publish(false);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->merge.action, "auto-merge enabled") << first->merge.detail;
    m_verdict.validated = false; // the re-run could not prove it again
    auto second = publish(false);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->merge.action, "not merged");
    EXPECT_NE(second->merge.detail.find("auto-merge turned off"), std::string::npos);
    m_server->set_ci("success");
    auto const state = m_server->state();
    EXPECT_TRUE(state["merges"].empty()) << "nothing merged once CI turned green";
    EXPECT_TRUE(state["pulls"][0]["auto_merge"].is_null());
    EXPECT_EQ(state["review_requests"].size(), 1U) << "reviewers asked once, not on every run";
}

} // namespace
} // namespace medic::github
