#pragma once
// The fixture of the GitHub client tests: the local GitHub API server (every request checked
// against GitHub's OpenAPI description, any violation fails the test) over a real bare git
// repository, and clients for it as a user token and as a GitHub App.

#include "bot/http/curl_http_client.hpp"
#include "github/api_client.hpp"
#include "github/app_auth.hpp"
#include "github/pull_requests.hpp"
#include "tests/support/github_api_server.hpp"
#include "tests/support/recording_sleeper.hpp"
#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <gtest/gtest.h>

namespace medic::github {

/// A bare repository with `main` and the given branches (each one commit ahead of main).
inline std::string make_git_dir(const test::TempDir& dir,
                                const std::vector<std::string>& branches) {
    auto const bare = (dir.path() / "shop.git").string();
    auto const work = (dir.path() / "work").string();
    std::string script = "set -e; git init -q --bare " + bare + "; git init -q -b main " + work +
                         "; cd " + work +
                         "; git -c user.name=t -c user.email=t@e commit -q --allow-empty -m base"
                         "; git push -q " +
                         bare + " main";
    for (auto const& branch : branches)
        script += "; git checkout -q -b " + branch +
                  " main; git -c user.name=t -c user.email=t@e commit -q --allow-empty -m " +
                  "fix; git push -q " + bare + " " + branch;
    EXPECT_EQ(std::system(("bash -c '" + script + "' >/dev/null 2>&1").c_str()), 0);
    return bare;
}

/// Whether the server's first PR is merged.
inline bool first_pull_merged(const test::GitHubApiServer& server) {
    return server.state()["pulls"][0]["merged_at"].is_number();
}

class GitHubClientTest : public ::testing::Test {
protected:
    void start(nlohmann::json config, const std::vector<std::string>& branches) {
        config["git_dir"] = make_git_dir(m_dir, branches);
        m_server = std::make_unique<test::GitHubApiServer>(config);
        ApiOptions options;
        options.api_url = m_server->base_url();
        options.jitter_seed = 1;
        m_api = std::make_unique<GitHubApi>(m_http, m_sleeper, m_token, options);
    }
    /// As start(), with a GitHub App installed: m_app_api speaks with its installation token.
    void start_as_app(nlohmann::json config, const std::vector<std::string>& branches) {
        auto const key = m_dir.path() / "app.pem";
        auto const public_key = m_dir.path() / "app.pub.pem";
        ASSERT_EQ(std::system(("openssl genrsa -traditional -out " + key.string() +
                               " 2048 2>/dev/null && openssl rsa -in " + key.string() +
                               " -pubout -out " + public_key.string() + " 2>/dev/null")
                                  .c_str()),
                  0);
        config["app"] = {{"id", 4242}, {"installation_id", 77}, {"public_key_file", public_key}};
        start(config, branches);
        m_app_key = test::read_file(key);
        AppCredentials credentials{m_server->base_url(), "4242", m_app_key, 77, "acme/shop"};
        m_app_token = std::make_unique<InstallationTokenSource>(m_http, m_sleeper, credentials);
        m_app_api = std::make_unique<GitHubApi>(m_http, m_sleeper, *m_app_token, m_api->options());
    }
    void TearDown() override {
        if (m_server) {
            EXPECT_EQ(m_server->violations(), nlohmann::json::array())
                << "requests that do not conform to GitHub's OpenAPI description";
        }
    }
    PullRequest open_pr(const std::string& branch) {
        auto pull = ensure_pull_request(*m_api, m_repo, {branch, "main", "Fix " + branch, "body"});
        EXPECT_TRUE(pull) << (pull ? "" : pull.error().message);
        return pull ? *pull : PullRequest{};
    }

    http::CurlGlobal m_curl;
    http::CurlHttpClient m_http{m_curl};
    test::RecordingSleeper m_sleeper;
    StaticToken m_token{"ghp_test"};
    test::TempDir m_dir;
    std::unique_ptr<test::GitHubApiServer> m_server;
    std::unique_ptr<GitHubApi> m_api;
    std::string m_app_key; ///< The App's private key (PEM), once start_as_app ran.
    std::unique_ptr<InstallationTokenSource> m_app_token;
    std::unique_ptr<GitHubApi> m_app_api;
    RepoRef m_repo{"acme", "shop"};
};

} // namespace medic::github
