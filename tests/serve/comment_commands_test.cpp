// `/medic` commands as people write them, who may give them, and how long a permission read
// from GitHub is trusted.

#include "bot/serve/comment_commands.hpp"
#include "tests/support/manual_clock.hpp"

#include <gtest/gtest.h>

namespace medic::serve {
namespace {

TEST(MedicCommand, IsTheFirstLineThatStartsWithIt) {
    auto const explain = parse_medic_command("Thanks!\n\n  /medic   Explain please\n/medic close");
    ASSERT_TRUE(explain);
    EXPECT_EQ(explain->kind, CommandKind::explain);
    EXPECT_FALSE(explain->unknown);
    EXPECT_EQ(parse_medic_command("/medic close\r\n")->kind, CommandKind::close);
    EXPECT_EQ(parse_medic_command("/medic")->kind, CommandKind::help);
    auto const unknown = parse_medic_command("/medic rebase now");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->kind, CommandKind::help);
    EXPECT_TRUE(unknown->unknown);
    EXPECT_EQ(unknown->word, "rebase");
}

TEST(MedicCommand, ReviseTakesTheRestOfTheCommentAsFeedback) {
    auto const revise = parse_medic_command(
        "Close, but:\n/medic revise keep the cache\r\n  bounded to 64 entries\n\n");
    ASSERT_TRUE(revise);
    EXPECT_EQ(revise->kind, CommandKind::revise);
    EXPECT_EQ(revise->argument, "keep the cache\r\n  bounded to 64 entries");
    EXPECT_EQ(parse_medic_command("/medic revise")->argument, "");
    EXPECT_EQ(parse_medic_command("/medic retry")->kind, CommandKind::retry);
    EXPECT_EQ(parse_medic_command("/medic RETRY please")->argument, "please");
}

TEST(MedicCommand, QuotesCodeAndOtherWordsAreNoCommands) {
    for (auto const* body : {"", "looks good", "> /medic close", "/medical advice",
                             "please run `/medic close`", "```\n/medic close\n```",
                             "~~~sh\n/medic close\n~~~", "    /medic close", "\t/medic close"})
        EXPECT_FALSE(parse_medic_command(body)) << body;
    EXPECT_EQ(parse_medic_command("```\nx\n```\n/medic help")->kind, CommandKind::help);
}

TEST(CommandAuthority, OnlyPeopleWhoMayPushActAndBotsGetNothing) {
    CommandAuthor const alice{"alice", "User"};
    for (auto const* permission : {"write", "maintain", "admin"})
        EXPECT_EQ(authority_of(alice, permission), CommandAuthority::act) << permission;
    for (auto const* permission : {"triage", "read", "none", ""})
        EXPECT_EQ(authority_of(alice, permission), CommandAuthority::refuse) << permission;
    EXPECT_EQ(authority_of({"medic[bot]", "Bot"}, "admin"), CommandAuthority::ignore);
    EXPECT_EQ(authority_of({"renovate[bot]", "User"}, "write"), CommandAuthority::ignore);
    EXPECT_EQ(authority_of({"ci", "Bot"}, "write"), CommandAuthority::ignore);
}

TEST(PermissionCache, TrustsAnAnswerForItsTimeOnly) {
    test::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(500'000))};
    PermissionCache cache(clock, std::chrono::minutes(5));
    EXPECT_FALSE(cache.find("acme/shop", "bob"));
    cache.keep("acme/shop", "bob", "write");
    EXPECT_EQ(cache.find("acme/shop", "bob"), "write");
    EXPECT_FALSE(cache.find("acme/other", "bob"));
    clock.set(clock.now() + std::chrono::minutes(5));
    EXPECT_FALSE(cache.find("acme/shop", "bob")) << "a revoked permission counts within minutes";
}

} // namespace
} // namespace medic::serve
