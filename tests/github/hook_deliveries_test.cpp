// The App's webhook delivery log against the local GitHub API server (every request checked
// against GitHub's OpenAPI description): read newest first across pages with the App's JWT, and
// a redelivery asked for.

#include "github/hook_deliveries.hpp"
#include "tests/github/github_client_fixture.hpp"

namespace medic::github {
namespace {

using namespace std::chrono_literals;

TEST_F(GitHubClientTest, TheDeliveryLogIsReadAcrossPagesWithTheAppsJwt) {
    start_as_app({}, {});
    nlohmann::json logged = nlohmann::json::array();
    for (int i = 0; i < 130; ++i)
        logged.push_back({{"guid", "g-" + std::to_string(i)},
                          {"event", "ping"},
                          {"payload", {{"zen", "Design for failure."}, {"hook_id", 1}}},
                          {"status_code", i % 2 == 0 ? 0 : 202}});
    m_server->log_hook_deliveries(logged);
    AppJwtSource jwt("4242", m_app_key);
    GitHubApi api(m_http, m_sleeper, jwt, m_api->options());
    auto const now = std::chrono::system_clock::now();
    auto const listed = list_hook_deliveries(api, now - 1h);
    ASSERT_TRUE(listed) << listed.error().message;
    ASSERT_EQ(listed->size(), 130u);
    EXPECT_EQ(listed->front().guid, "g-129"); // newest first
    EXPECT_TRUE(listed->front().succeeded());
    EXPECT_EQ(listed->back().status_code, 0);
    EXPECT_EQ(api.stats().requests, 2u) << "two pages of 100";
    auto const none = list_hook_deliveries(api, now + 1h);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    auto const requests = m_server->state()["requests"];
    EXPECT_EQ(requests.back()["authorization_scheme"], "Bearer");
}

TEST_F(GitHubClientTest, ARedeliveryIsAskedForByAttemptId) {
    start_as_app({}, {});
    m_server->log_hook_deliveries(
        {{{"guid", "lost-1"}, {"event", "push"}, {"payload", {{"ref", "refs/heads/main"}}}}});
    AppJwtSource jwt("4242", m_app_key);
    GitHubApi api(m_http, m_sleeper, jwt, m_api->options());
    auto const listed = list_hook_deliveries(api, std::chrono::system_clock::now() - 1h);
    ASSERT_TRUE(listed && listed->size() == 1);
    ASSERT_TRUE(redeliver(api, listed->front().id));
    auto const asked = m_server->state()["redelivery_requests"];
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_EQ(asked[0]["guid"], "lost-1");
    auto const unknown = redeliver(api, 987654321);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

} // namespace
} // namespace medic::github
