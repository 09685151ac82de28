// The GitHub API test server driven from C++: the RAII wrapper starts and stops it, requests
// are answered like GitHub's, non-conforming ones are recorded as violations, faults are served
// as configured; the fixtures server replays a recorded scenario.

#include "tests/support/github_api_server.hpp"

#include <chrono>
#include <filesystem>
#include <gtest/gtest.h>
#include <httplib.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace medic::test {
namespace {

httplib::Headers github_headers() {
    return {{"Authorization", "token ghp_test"},
            {"Accept", "application/vnd.github+json"},
            {"X-GitHub-Api-Version", "2022-11-28"}};
}

/// A client for the server's 127.0.0.1 port, from its base URL.
httplib::Client client_for(const std::string& base_url) {
    httplib::Client client(base_url);
    client.set_read_timeout(std::chrono::seconds(30));
    return client;
}

class GitHubApiServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_server = std::make_unique<GitHubApiServer>(); }
    static void TearDownTestSuite() { s_server.reset(); }
    static std::unique_ptr<GitHubApiServer> s_server;
};

std::unique_ptr<GitHubApiServer> GitHubApiServerTest::s_server;

TEST_F(GitHubApiServerTest, AnswersLikeGitHubWithRateLimitHeadersAndRecordsTheRequest) {
    auto client = client_for(s_server->base_url());
    auto const result = client.Get("/repos/acme/shop", github_headers());
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_FALSE(result->get_header_value("X-RateLimit-Remaining").empty());
    EXPECT_EQ(result->get_header_value("X-RateLimit-Resource"), "core");
    auto const repo = nlohmann::json::parse(result->body);
    EXPECT_EQ(repo.at("full_name"), "acme/shop");
    EXPECT_EQ(repo.at("default_branch"), "main");

    auto const state = s_server->state();
    EXPECT_TRUE(state.at("refs").contains("refs/heads/main"));
    auto const& last = state.at("requests").back();
    EXPECT_EQ(last.at("path"), "/repos/acme/shop");
    EXPECT_EQ(last.at("authorization_scheme"), "token");
    EXPECT_EQ(last.at("x_github_api_version"), "2022-11-28");
    EXPECT_EQ(s_server->violations(), nlohmann::json::array());
    EXPECT_TRUE(std::filesystem::exists(s_server->state_file()));
}

TEST_F(GitHubApiServerTest, RefusesAndRecordsARequestThatDoesNotMatchTheOpenApiDescription) {
    auto const before = s_server->violations().size();
    auto client = client_for(s_server->base_url());
    nlohmann::json const body{{"title", 5}, {"head", "feature"}, {"base", "main"}};
    auto const result =
        client.Post("/repos/acme/shop/pulls", github_headers(), body.dump(), "application/json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400);

    auto const violations = s_server->violations();
    ASSERT_EQ(violations.size(), before + 1);
    EXPECT_EQ(violations.back().at("method"), "POST");
    EXPECT_EQ(violations.back().at("path"), "/repos/acme/shop/pulls");
    EXPECT_NE(violations.back().at("problem").get<std::string>().find("/title"), std::string::npos)
        << violations.back().dump();
}

TEST_F(GitHubApiServerTest, ServesAFaultWithRetryAfterExactlyOnce) {
    s_server->add_fault({{"method", "GET"},
                         {"path", "^/repos/acme/shop/branches/main$"},
                         {"status", 403},
                         {"headers", {{"retry-after", "1"}}},
                         {"body", {{"message", "You have exceeded a secondary rate limit."}}},
                         {"times", 1}});
    auto client = client_for(s_server->base_url());
    auto const faulted = client.Get("/repos/acme/shop/branches/main", github_headers());
    ASSERT_TRUE(faulted);
    EXPECT_EQ(faulted->status, 403);
    EXPECT_EQ(faulted->get_header_value("Retry-After"), "1");
    auto const normal = client.Get("/repos/acme/shop/branches/main", github_headers());
    ASSERT_TRUE(normal);
    EXPECT_EQ(normal->status, 200);
    EXPECT_EQ(s_server->state().at("faults_served").size(), 1U);
}

TEST_F(GitHubApiServerTest, SetCiChangesTheSynthesizedCheckRun) {
    s_server->set_ci("pending");
    auto client = client_for(s_server->base_url());
    auto const result =
        client.Get("/repos/acme/shop/commits/main/check-runs?check_name=build", github_headers());
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200);
    auto const runs = nlohmann::json::parse(result->body);
    ASSERT_EQ(runs.at("total_count"), 1);
    EXPECT_EQ(runs.at("check_runs")[0].at("status"), "in_progress");
    s_server->set_ci("success");
    EXPECT_EQ(s_server->state().at("ci_conclusion"), "success");
}

TEST(GitHubApiServer, ThrowsWithTheServersMessageOnABadConfig) {
    try {
        GitHubApiServer server(nlohmann::json{{"ownr", "typo"}});
        FAIL() << "the server started with an unknown config key";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("unknown config key \"ownr\""), std::string::npos)
            << error.what();
    }
}

TEST(FixturesServer, ReplaysARecordedScenarioWithTheRecordedHeaders) {
    FixturesServer fixtures;
    auto const url = fixtures.load_scenario("errors");
    ASSERT_EQ(url.rfind(fixtures.base_url() + "/api.github.com/", 0), 0U) << url;
    auto client = client_for(fixtures.base_url());
    httplib::Headers const headers{{"Authorization", FixturesServer::k_authorization},
                                   {"Accept", FixturesServer::k_accept}};
    auto const path =
        url.substr(fixtures.base_url().size()) + "/repos/octokit-fixture-org/errors/labels";
    nlohmann::json const body{{"name", "foo"}, {"color", "invalid"}};
    auto const result = client.Post(path, headers, body.dump(), FixturesServer::k_content_type);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 422) << result->body;
    EXPECT_EQ(nlohmann::json::parse(result->body).at("message"), "Validation Failed");
    EXPECT_THROW((void)fixtures.load_scenario("no-such-scenario"), std::runtime_error);
}

} // namespace
} // namespace medic::test
