// The pure parts of the GitHub client: retry decisions, Link headers, URLs, CODEOWNERS, the
// policy's rules, which missed webhook deliveries to ask for again.

#include "github/api_client.hpp"
#include "github/codeowners.hpp"
#include "github/hook_deliveries.hpp"
#include "github/policy.hpp"
#include "github/rate_limits.hpp"
#include "github/repository.hpp"

#include <gtest/gtest.h>

namespace medic::github {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

HttpResponse answer(int status, std::vector<HttpHeader> headers = {}, std::string body = "") {
    return {status, std::move(headers), std::move(body)};
}

RetryDecision decide(const HttpResponse& response, Clock::time_point now = Clock::now()) {
    std::mt19937_64 random(7);
    return decide_retry(response, 1, /*idempotent=*/true, now, 1000ms, random);
}

TEST(GitHubRetry, SecondaryLimitWaitsForRetryAfter) {
    auto const decision = decide(answer(
        403, {{"Retry-After", "3"}}, R"({"message":"You have exceeded a secondary rate limit"})"));
    EXPECT_TRUE(decision.retry);
    EXPECT_EQ(decision.wait, 3000ms);
}

TEST(GitHubRetry, SecondaryLimitWithoutHeadersWaitsAMinute) {
    auto const decision =
        decide(answer(403, {}, R"({"message":"You have exceeded a secondary rate limit."})"));
    EXPECT_TRUE(decision.retry);
    EXPECT_EQ(decision.wait, 60000ms);
}

TEST(GitHubRetry, ExhaustedPrimaryLimitWaitsUntilReset) {
    auto const now = Clock::time_point(std::chrono::seconds(1'700'000'000));
    auto const decision = decide(
        answer(403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1700000030"}}), now);
    EXPECT_TRUE(decision.retry);
    EXPECT_EQ(decision.wait, 31000ms); // 30 s to the reset, one more for rounding
}

TEST(GitHubRetry, RepeatedSecondaryLimitsWaitLongerEachTime) {
    std::mt19937_64 random(7);
    auto const limited =
        answer(403, {}, R"({"message":"You have exceeded a secondary rate limit"})");
    EXPECT_EQ(decide_retry(limited, 3, false, Clock::now(), 1000ms, random).wait, 240000ms);
}

TEST(GitHubRetry, AWriteGitHubMayHaveCarriedOutIsNotSentTwice) {
    std::mt19937_64 random(7);
    EXPECT_FALSE(
        decide_retry(answer(502), 1, /*idempotent=*/false, Clock::now(), 1000ms, random).retry);
    Result<HttpResponse> const timed_out = fail(ErrorCode::unavailable, "timed out");
    EXPECT_FALSE(decide_retry(timed_out, 1, false, Clock::now(), 1000ms, random).retry);
    EXPECT_TRUE(
        decide_retry(answer(429, {{"Retry-After", "1"}}), 1, false, Clock::now(), 1000ms, random)
            .retry)
        << "a rate-limited write was not carried out";
}

TEST(GitHubRetry, MissingPermissionIsFinal) {
    EXPECT_FALSE(decide(answer(403, {{"x-ratelimit-remaining", "4000"}},
                               R"({"message":"Resource not accessible by integration"})"))
                     .retry);
    EXPECT_FALSE(decide(answer(422)).retry);
    EXPECT_FALSE(decide(answer(404)).retry);
}

TEST(GitHubRetry, ServerErrorsBackOffWithJitter) {
    auto const decision = decide(answer(502));
    EXPECT_TRUE(decision.retry);
    EXPECT_GE(decision.wait, 500ms);
    EXPECT_LE(decision.wait, 1000ms);
    EXPECT_TRUE(decide(answer(429)).retry);
}

TEST(GitHubRateLimit, ReadsTheHeaders) {
    auto const limit = read_rate_limit(answer(200, {{"X-RateLimit-Limit", "5000"},
                                                    {"x-ratelimit-remaining", "4990"},
                                                    {"x-ratelimit-used", "10"},
                                                    {"x-ratelimit-reset", "1700000000"},
                                                    {"x-ratelimit-resource", "core"}}));
    EXPECT_EQ(limit.limit, 5000);
    EXPECT_EQ(limit.remaining, 4990);
    EXPECT_EQ(limit.used, 10);
    EXPECT_EQ(limit.reset_epoch_s, 1700000000);
    EXPECT_EQ(limit.resource, "core");
}

TEST(GitHubLinks, FindsTheNextPage) {
    // As api.github.com sends it (docs: "Using pagination in the REST API").
    std::string const link =
        R"(<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", )"
        R"(<https://api.github.com/repositories/1300192/issues?page=4>; rel="next", )"
        R"(<https://api.github.com/repositories/1300192/issues?page=515>; rel="last")";
    EXPECT_EQ(next_page_url(link), "https://api.github.com/repositories/1300192/issues?page=4");
    EXPECT_EQ(next_page_url(R"(<https://x/?page=1>; rel="first")"), "");
    EXPECT_EQ(next_page_url(""), "");
}

TEST(GitHubUrls, GraphQlAndCloneUrlsForDotComAndEnterprise) {
    EXPECT_EQ(graphql_url("https://api.github.com"), "https://api.github.com/graphql");
    EXPECT_EQ(graphql_url("https://ghe.example.com/api/v3/"),
              "https://ghe.example.com/api/graphql");
    RepoRef const repo{"acme", "shop"};
    EXPECT_EQ(clone_url("https://api.github.com", repo), "https://github.com/acme/shop.git");
    EXPECT_EQ(clone_url("https://ghe.example.com/api/v3", repo),
              "https://ghe.example.com/acme/shop.git");
    EXPECT_EQ(encode_path_segment("medic:slow perf/x"), "medic%3Aslow%20perf%2Fx");
}

TEST(GitHubRepository, ReadsOwnerAndNameFromRemoteUrls) {
    for (auto const* url :
         {"https://github.com/acme/shop.git", "git@github.com:acme/shop.git",
          "ssh://git@ghe.example.com/acme/shop", "https://github.com/acme/shop/"}) {
        auto ref = repo_ref_from_remote_url(url);
        ASSERT_TRUE(ref) << url << ": " << ref.error().message;
        EXPECT_EQ(ref->full_name(), "acme/shop") << url;
    }
    EXPECT_FALSE(repo_ref_from_remote_url("/srv/git/shop.git"));
    EXPECT_FALSE(parse_repo_ref("shop"));
    EXPECT_FALSE(parse_repo_ref("acme/../x"));
}

TEST(CodeOwners, LastMatchingRuleWins) {
    auto const owners = CodeOwners::parse(R"(# comment
*            @acme/platform
*.cpp        @alice
/src/shop/   @bob @acme/perf  # trailing comment
docs/        docs@example.com @carol
src/**/test_*.cpp @dave
)");
    EXPECT_EQ(owners.owners_of(std::string_view("README.md")).teams,
              std::vector<std::string>{"platform"});
    EXPECT_EQ(owners.owners_of(std::string_view("lib/a.cpp")).users,
              std::vector<std::string>{"alice"});
    auto const shop = owners.owners_of(std::string_view("src/shop/coupon.cpp"));
    EXPECT_EQ(shop.users, std::vector<std::string>{"bob"});
    EXPECT_EQ(shop.teams, std::vector<std::string>{"perf"});
    EXPECT_EQ(owners.owners_of(std::string_view("nested/docs/x.md")).users,
              std::vector<std::string>{"carol"});
    EXPECT_EQ(owners.owners_of(std::string_view("src/shop/deep/test_a.cpp")).users,
              std::vector<std::string>{"dave"});
    auto const all = owners.owners_of(std::vector<std::string>{"lib/a.cpp", "src/shop/b.cpp"});
    EXPECT_EQ(all.users, (std::vector<std::string>{"alice", "bob"}));
}

TEST(CodeOwners, PatternsFollowGitHubsRules) {
    EXPECT_TRUE(codeowners_pattern_matches("*.js", "a/b/c.js"));
    EXPECT_FALSE(codeowners_pattern_matches("/build/logs/", "build/logs"));
    EXPECT_TRUE(codeowners_pattern_matches("/build/logs/", "build/logs/x.log"));
    EXPECT_TRUE(codeowners_pattern_matches("docs/*", "docs/getting-started.md"));
    EXPECT_FALSE(codeowners_pattern_matches("docs/*", "docs/build-app/troubleshooting.md"));
    EXPECT_TRUE(codeowners_pattern_matches("apps/", "x/apps/y/z.cpp"));
    EXPECT_TRUE(codeowners_pattern_matches("**/logs", "deep/a/logs/x.txt"));
    EXPECT_TRUE(codeowners_pattern_matches("src/**/*.cpp", "src/a/b/c.cpp"));
    EXPECT_TRUE(codeowners_pattern_matches("src/**/*.cpp", "src/c.cpp"));
}

TEST(CodeOwners, ALineOfStarsIsDecidedAtOnce) {
    // Found by tests/fuzz/codeowners.cpp: backtracking over each star took exponential time (a
    // hang).
    auto const stars = "/" + std::string(60, '*') + "x";
    EXPECT_FALSE(codeowners_pattern_matches(stars, std::string(40, 'a') + "/yy"));
    EXPECT_TRUE(codeowners_pattern_matches(stars, std::string(40, 'a') + "/yx"));
}

TEST(Policy, AutoMergeNeedsEveryCondition) {
    AutoMergeConfig rule;
    MergeFacts facts{true, Strategy::rules, 4, {"medic"}};
    EXPECT_EQ(auto_merge_refusal(rule, facts), "auto-merge is off (publish.auto_merge.enabled)");
    rule.enabled = true;
    EXPECT_EQ(auto_merge_refusal(rule, facts), std::nullopt);
    auto const refused = [&](MergeFacts changed) { return auto_merge_refusal(rule, changed); };
    EXPECT_TRUE(refused({false, Strategy::rules, 4, {}}));
    EXPECT_TRUE(refused({true, Strategy::llm, 4, {}}));
    EXPECT_TRUE(refused({true, Strategy::rules, 21, {}}));
    rule.label = "automerge";
    EXPECT_EQ(auto_merge_refusal(rule, facts), "the pull request lacks the label \"automerge\"");
    facts.labels.push_back("automerge");
    EXPECT_EQ(auto_merge_refusal(rule, facts), std::nullopt);
}

HookDeliveryAttempt attempt(std::int64_t id, std::string guid, int minute, int status,
                            bool redelivery = false) {
    return {id,         std::move(guid), Clock::time_point(std::chrono::minutes(minute)),
            redelivery, status,          "push",
            ""};
}

TEST(HookDeliveries, OnlyEventsNeverDeliveredAndUnknownToTheStoreAreAskedForAgain) {
    std::vector<HookDeliveryAttempt> const log = {
        attempt(9, "failed-then-ok", 3, 202, true),
        attempt(8, "retried-once", 3, 502, true),
        attempt(7, "recorded", 2, 0),
        attempt(6, "retried-once", 1, 0),
        attempt(5, "failed-then-ok", 1, 0),
        attempt(4, "hopeless", 5, 401, true),
        attempt(3, "hopeless", 4, 401, true),
        attempt(2, "hopeless", 3, 401, true),
        attempt(1, "hopeless", 1, 401),
    };
    auto const chosen = attempts_to_redeliver(log, [](const std::string& guid) {
        return guid == "recorded"; // the store has it: the answer was lost, not the delivery
    });
    ASSERT_EQ(chosen.size(), 1u);
    EXPECT_EQ(chosen[0].guid, "retried-once");
    EXPECT_EQ(chosen[0].id, 8) << "the newest attempt is the one redelivered";
    EXPECT_TRUE(attempts_to_redeliver({}, [](const std::string&) { return false; }).empty());
}

} // namespace
} // namespace medic::github
