// The GitHub client against GitHub's own recorded interactions (@octokit/fixtures, replayed by
// @octokit/fixtures-server on 127.0.0.1): each scenario is a strict script of real
// api.github.com requests and answers, so the client's requests must match what GitHub saw
// (method, path, headers, JSON body) and it must read GitHub's real answers — refs, labels,
// statuses, a 422 validation error, Link-header pagination.

#include "bot/http/curl_http_client.hpp"
#include "github/api_client.hpp"
#include "tests/support/github_api_server.hpp"
#include "tests/support/recording_sleeper.hpp"

#include <gtest/gtest.h>

namespace medic::github {
namespace {

constexpr const char* k_sha1 = "0000000000000000000000000000000000000001";
constexpr const char* k_sha2 = "0000000000000000000000000000000000000002";

class FixturesReplayTest : public ::testing::Test {
protected:
    /// A client for `scenario`, authenticated as the fixtures were recorded.
    GitHubApi& client_for(const std::string& scenario) {
        ApiOptions options;
        options.api_url = m_server.load_scenario(scenario);
        options.accept = test::FixturesServer::k_accept;
        options.jitter_seed = 1;
        m_api = std::make_unique<GitHubApi>(m_http, m_sleeper, m_token, options);
        return *m_api;
    }

    http::CurlGlobal m_curl;
    http::CurlHttpClient m_http{m_curl};
    test::RecordingSleeper m_sleeper;
    StaticToken m_token{"0000000000000000000000000000000000000001"};
    test::FixturesServer m_server;
    std::unique_ptr<GitHubApi> m_api;
};

TEST_F(FixturesReplayTest, GitRefsCreateUpdateListDelete) {
    auto& api = client_for("git-refs");
    std::string const repo = "/repos/octokit-fixture-org/git-refs";
    auto refs = api.get(repo + "/git/refs/");
    ASSERT_TRUE(refs) << refs.error().message;
    ASSERT_TRUE(refs->is_array());
    auto created = api.post(repo + "/git/refs", {{"ref", "refs/heads/test"}, {"sha", k_sha2}});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ((*created)["ref"], "refs/heads/test");
    EXPECT_EQ((*created)["object"]["sha"], k_sha2);
    auto moved = api.patch(repo + "/git/refs/heads/test", {{"sha", k_sha1}});
    ASSERT_TRUE(moved) << moved.error().message;
    EXPECT_EQ((*moved)["object"]["sha"], k_sha1);
    auto listed = api.get(repo + "/git/refs/");
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->size(), refs->size() + 1);
    auto deleted = api.call("DELETE", repo + "/git/refs/heads/test");
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->status, 204);
    EXPECT_TRUE(api.rate_limit().limit > 0) << "GitHub's recorded x-ratelimit-* headers";
}

TEST_F(FixturesReplayTest, LabelsCreateReadUpdateDelete) {
    auto& api = client_for("labels");
    std::string const repo = "/repos/octokit-fixture-org/labels";
    ASSERT_TRUE(api.get(repo + "/labels"));
    auto created = api.post(repo + "/labels", {{"name", "test-label"}, {"color", "663399"}});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ((*created)["name"], "test-label");
    auto read = api.get(repo + "/labels/" + encode_path_segment("test-label"));
    ASSERT_TRUE(read);
    EXPECT_EQ((*read)["color"], "663399");
    auto updated = api.patch(repo + "/labels/test-label",
                             {{"new_name", "test-label-updated"}, {"color", "BADA55"}});
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ((*updated)["name"], "test-label-updated");
    auto deleted = api.call("DELETE", repo + "/labels/test-label-updated");
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->status, 204);
}

TEST_F(FixturesReplayTest, CommitStatusesAndTheCombinedState) {
    auto& api = client_for("create-status");
    std::string const repo = "/repos/octokit-fixture-org/create-status";
    for (auto const& [state, n] : {std::pair{"failure", 1}, std::pair{"success", 2}}) {
        auto created = api.post(repo + "/statuses/" + k_sha1,
                                {{"state", state},
                                 {"target_url", "https://example.com"},
                                 {"description", std::string("create-status ") + state + " test"},
                                 {"context", "example/" + std::to_string(n)}});
        ASSERT_TRUE(created) << created.error().message;
        EXPECT_EQ((*created)["state"], state);
    }
    auto statuses = api.get(repo + "/commits/" + k_sha1 + "/statuses");
    ASSERT_TRUE(statuses);
    EXPECT_EQ(statuses->size(), 2U);
    auto combined = api.get(repo + "/commits/" + k_sha1 + "/status");
    ASSERT_TRUE(combined);
    EXPECT_EQ((*combined)["state"], "failure") << "one failing context fails the commit";
}

TEST_F(FixturesReplayTest, AValidationErrorIsReportedWithGitHubsReason) {
    auto& api = client_for("errors");
    auto created = api.post("/repos/octokit-fixture-org/errors/labels",
                            {{"name", "foo"}, {"color", "invalid"}});
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::invalid_input);
    EXPECT_NE(created.error().message.find("422"), std::string::npos) << created.error().message;
    EXPECT_NE(created.error().message.find("Validation Failed"), std::string::npos);
    EXPECT_NE(created.error().message.find("color"), std::string::npos) << created.error().message;
    EXPECT_EQ(api.stats().retries, 0U) << "a 422 cannot succeed by retrying";
}

TEST_F(FixturesReplayTest, PaginationFollowsGitHubsLinkHeaders) {
    auto& api = client_for("paginate-issues");
    auto issues = api.list("/repos/octokit-fixture-org/paginate-issues/issues?per_page=3");
    ASSERT_TRUE(issues) << issues.error().message;
    EXPECT_EQ(issues->size(), 13U);
    EXPECT_EQ(api.stats().requests, 5U);
    EXPECT_EQ(issues->front()["number"], 13);
    EXPECT_EQ(issues->back()["number"], 1);
}

} // namespace
} // namespace medic::github
