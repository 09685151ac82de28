// The GitHub client against the local GitHub API server (tests/support/github_api), which
// checks every request against GitHub's OpenAPI description: ensure-style PR operations,
// pagination, check runs in 50-annotation slices, merging under required checks, the PR
// budget, rate limits and the errors a person can act on.

#include "github/checks.hpp"
#include "github/merging.hpp"
#include "github/policy.hpp"
#include "tests/github/github_client_fixture.hpp"

#include <gtest/gtest.h>

namespace medic::github {
namespace {

using test::GitHubApiServer;

TEST_F(GitHubClientTest, EnsurePullRequestOpensOnceThenUpdatesInPlace) {
    start({}, {"medic/slow/a-1"});
    auto first = open_pr("medic/slow/a-1");
    EXPECT_TRUE(first.created);
    EXPECT_FALSE(first.node_id.empty());
    auto again = ensure_pull_request(*m_api, m_repo,
                                     {"medic/slow/a-1", "main", "Fix medic/slow/a-1", "body"});
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->created);
    EXPECT_FALSE(again->updated) << "nothing changed, nothing sent";
    auto changed = ensure_pull_request(
        *m_api, m_repo, {"medic/slow/a-1", "main", "Fix medic/slow/a-1", "new figures"});
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->number, first.number);
    EXPECT_TRUE(changed->updated);
    auto const state = m_server->state();
    ASSERT_EQ(state["pulls"].size(), 1U);
    EXPECT_EQ(state["pulls"][0]["body"], "new figures");
}

TEST_F(GitHubClientTest, AMissingBranchIsAValidationErrorNamingIt) {
    start({}, {});
    auto pull = ensure_pull_request(*m_api, m_repo, {"medic/slow/absent", "main", "t", "b"});
    ASSERT_FALSE(pull);
    EXPECT_EQ(pull.error().code, ErrorCode::invalid_input);
    EXPECT_NE(pull.error().message.find("422"), std::string::npos) << pull.error().message;
}

TEST_F(GitHubClientTest, LabelsAreCreatedOnceAndAdded) {
    start({}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    for (int run = 0; run < 2; ++run)
        ASSERT_TRUE(ensure_labels(*m_api, m_repo, pull.number, {"medic", "medic:slow"}));
    auto const state = m_server->state();
    auto const& labels = state["issue_labels"][std::to_string(pull.number)];
    EXPECT_EQ(labels, (nlohmann::json{"medic", "medic:slow"}));
    EXPECT_EQ(state["labels"].size(), 2U) << "each label created once";
}

TEST_F(GitHubClientTest, ReviewersComeFromCollaboratorsButNotTheAuthor) {
    start({}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    auto asked = request_reviewers(*m_api, m_repo, pull, {"alice", pull.author}, {"perf"});
    ASSERT_TRUE(asked) << asked.error().message;
    EXPECT_EQ(*asked, (std::vector<std::string>{"alice", "perf"}));
    auto stranger = request_reviewers(*m_api, m_repo, pull, {"mallory"}, {});
    ASSERT_FALSE(stranger);
    EXPECT_NE(stranger.error().message.find("collaborator"), std::string::npos)
        << stranger.error().message;
}

TEST_F(GitHubClientTest, TheStatusCommentIsFoundOnALaterPageAndEditedNotDuplicated) {
    start({}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    auto const path = m_repo.path() + "/issues/" + std::to_string(pull.number) + "/comments";
    for (int i = 0; i < 101; ++i)
        ASSERT_TRUE(m_api->post(path, {{"body", "review comment " + std::to_string(i)}}));
    auto const marker = std::string("<!-- medic:status=abc -->");
    auto first = ensure_comment(*m_api, m_repo, pull.number, marker, marker + " run 1");
    ASSERT_TRUE(first);
    auto const requests_before = m_api->stats().requests;
    auto second = ensure_comment(*m_api, m_repo, pull.number, marker, marker + " run 2");
    ASSERT_TRUE(second);
    EXPECT_EQ(*first, *second);
    EXPECT_EQ(m_api->stats().requests - requests_before, 3U) << "two pages, then one edit";
    auto const comments = m_server->state()["comments"];
    EXPECT_EQ(comments.size(), 102U);
}

CheckRunSpec check_run_on(const std::string& sha, int annotations) {
    CheckRunSpec spec;
    spec.head_sha = sha;
    spec.conclusion = "success";
    spec.title = "Fix validated";
    spec.summary = "2.1x faster";
    spec.external_id = "abc";
    for (int line = 1; line <= annotations; ++line)
        spec.annotations.push_back({"src/a.cpp", line, line, "notice", "t", "m"});
    return spec;
}

TEST_F(GitHubClientTest, CheckRunsNeedAGitHubApp) {
    start({}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    auto refused = ensure_check_run(*m_api, m_repo, check_run_on(pull.head_sha, 1));
    ASSERT_FALSE(refused) << "ghp_test is a user token: check runs are App-only, as on GitHub";
    EXPECT_NE(refused.error().message.find("only a GitHub App"), std::string::npos)
        << refused.error().message;
}

TEST_F(GitHubClientTest, AsAnAppCheckRunAnnotationsGoFiftyPerRequestAndTheRunIsReused) {
    start_as_app({}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    auto& as_app = *m_app_api;
    auto& app = *m_app_token;
    auto const spec = check_run_on(pull.head_sha, 120);
    auto const before = as_app.stats().requests;
    auto id = ensure_check_run(as_app, m_repo, spec);
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(as_app.stats().requests - before, 4U) << "look up, create with 50, then 50 and 20";
    auto again = ensure_check_run(as_app, m_repo, spec);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *id);
    auto const runs = m_server->state()["check_runs"];
    std::size_t medic_runs = 0;
    for (auto const& run : runs)
        if (run["name"] == "medic/validation") {
            ++medic_runs;
            EXPECT_EQ(run["annotations"].size(), 120U);
        }
    EXPECT_EQ(medic_runs, 1U);
    EXPECT_EQ(app.fetch_count(), 1U) << "the installation token was cached";
}

TEST_F(GitHubClientTest, MergesAtOnceWhenRequiredChecksAreGreen) {
    start({{"ci_conclusion", "success"}}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    auto merged = merge_when_green(*m_api, m_repo, pull, "main", pull.head_sha, "squash");
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_EQ(merged->action, "merged");
    EXPECT_TRUE(first_pull_merged(*m_server));
}

TEST_F(GitHubClientTest, PendingChecksEnableAutoMergeWhichMergesOnceGreen) {
    start({{"ci_conclusion", "pending"}}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    auto waiting = merge_when_green(*m_api, m_repo, pull, "main", pull.head_sha, "squash");
    ASSERT_TRUE(waiting) << waiting.error().message;
    EXPECT_EQ(waiting->action, "auto-merge enabled");
    EXPECT_FALSE(first_pull_merged(*m_server));
    m_server->set_ci("success");
    EXPECT_TRUE(first_pull_merged(*m_server));
    EXPECT_EQ(m_server->state()["merges"][0]["via"], "auto_merge");
}

TEST_F(GitHubClientTest, AFailingRequiredCheckIsNeverMerged) {
    start({{"ci_conclusion", "failure"}}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    auto outcome = merge_when_green(*m_api, m_repo, pull, "main", pull.head_sha, "squash");
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->action, "not merged");
    EXPECT_NE(outcome->detail.find("build"), std::string::npos);
    EXPECT_TRUE(m_server->state()["merges"].empty());
}

TEST_F(GitHubClientTest, AutoMergeNotAllowedSaysWhereToAllowIt) {
    start({{"ci_conclusion", "pending"}, {"allow_auto_merge", false}}, {"medic/slow/a-1"});
    auto const pull = open_pr("medic/slow/a-1");
    auto outcome = merge_when_green(*m_api, m_repo, pull, "main", pull.head_sha, "squash");
    ASSERT_FALSE(outcome);
    EXPECT_NE(outcome.error().message.find("Allow auto-merge"), std::string::npos)
        << outcome.error().message;
}

TEST_F(GitHubClientTest, TheBudgetCountsOpenMedicPullRequests) {
    start({}, {"medic/slow/a-1", "medic/slow/b-2", "feature/x"});
    open_pr("medic/slow/a-1");
    open_pr("medic/slow/b-2");
    open_pr("feature/x");
    PublishConfig config;
    config.max_open_prs = 3;
    config.max_new_per_hour = 5;
    auto budget = PullRequestBudget::load(*m_api, m_repo, config, std::chrono::system_clock::now());
    ASSERT_TRUE(budget) << budget.error().message;
    EXPECT_EQ(budget->open(), 2);
    EXPECT_EQ(budget->new_last_hour(), 2);
    EXPECT_EQ(budget->refusal(), std::nullopt);
    budget->opened();
    ASSERT_TRUE(budget->refusal());
    EXPECT_NE(budget->refusal()->find("max_open_prs"), std::string::npos);
    auto later = PullRequestBudget::load(*m_api, m_repo, config,
                                         std::chrono::system_clock::now() + std::chrono::hours(2));
    ASSERT_TRUE(later);
    EXPECT_EQ(later->new_last_hour(), 0) << "PRs older than an hour do not count";
}

TEST_F(GitHubClientTest, ASecondaryRateLimitIsWaitedOutAsRetryAfterSays) {
    start({}, {});
    m_server->add_fault({{"method", "GET"},
                         {"path", "^/repos/acme/shop$"},
                         {"status", 403},
                         {"headers", {{"retry-after", "2"}}},
                         {"body",
                          {{"message", "You have exceeded a secondary rate limit. Please wait a "
                                       "few minutes before you try again."},
                           {"documentation_url", "https://docs.github.com/rest"}}},
                         {"times", 1}});
    auto repository = m_api->get(m_repo.path());
    ASSERT_TRUE(repository) << repository.error().message;
    EXPECT_EQ(m_sleeper.waits, std::vector<std::chrono::milliseconds>{std::chrono::seconds(2)});
    EXPECT_GT(m_api->rate_limit().limit, 0) << "x-ratelimit-* headers read";
}

TEST_F(GitHubClientTest, ServerErrorsAreRetriedButHopeless4xxAreNot) {
    start({}, {});
    m_server->add_fault({{"method", "GET"},
                         {"path", "^/repos/acme/shop$"},
                         {"status", 502},
                         {"body", {{"message", "Server Error"}}},
                         {"times", 2}});
    ASSERT_TRUE(m_api->get(m_repo.path()));
    EXPECT_EQ(m_sleeper.waits.size(), 2U);
    auto const before = m_api->stats().requests;
    EXPECT_FALSE(m_api->get(m_repo.path() + "/labels/absent"));
    EXPECT_EQ(m_api->stats().requests - before, 1U) << "a 404 is not retried";
}

TEST_F(GitHubClientTest, ErrorsSayWhatToFix) {
    start({{"tokens",
            {{"ghp_test", {{"login", "octocat"}, {"permissions", {{"pull_requests", "read"}}}}}}}},
          {"medic/slow/a-1"});
    auto forbidden = m_api->post(m_repo.path() + "/pulls",
                                 {{"title", "t"}, {"head", "medic/slow/a-1"}, {"base", "main"}});
    ASSERT_FALSE(forbidden);
    EXPECT_NE(forbidden.error().message.find("pull requests: write"), std::string::npos)
        << forbidden.error().message;
    StaticToken wrong("ghp_wrong");
    GitHubApi api(m_http, m_sleeper, wrong, m_api->options());
    auto refused = api.get(m_repo.path());
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("GitHub refused the token"), std::string::npos)
        << refused.error().message;
}

} // namespace
} // namespace medic::github
