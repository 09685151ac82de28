// Pushes, fetches and ls-remote against a real git smart-HTTP server (lighttpd running
// git-http-backend, GitHub-style token auth), over HTTP and HTTPS: each failure must say what to
// fix.

#include "bot/git/branches.hpp"
#include "bot/git/remote.hpp"
#include "bot/git/worktree.hpp"
#include "tests/patch/patch_test_support.hpp"
#include "tests/support/git_http_server.hpp"
#include "tests/support/temp_dir.hpp"

#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

namespace medic::git {
namespace {

namespace fs = std::filesystem;
using test::GitHttpServer;
using test::GitHttpServerOptions;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k_token = "s3cret-token";

/// Options sending `token` (and trusting `ca_file` when given).
PushOptions auth(std::string token, std::string ca_file = "") {
    PushOptions options;
    options.token = std::move(token);
    options.ca_file = std::move(ca_file);
    return options;
}

GitHttpServerOptions https() {
    GitHttpServerOptions options;
    options.https = true;
    return options;
}

GitHttpServerOptions rejecting(std::string message) {
    GitHttpServerOptions options;
    options.reject_message = std::move(message);
    return options;
}

/// The id `ref` points at in the repository at `path`, or "" when it does not exist.
std::string ref_id(const fs::path& path, const std::string& ref) {
    return resolve_commit(path, ref).value_or("");
}

/// A repository with one empty commit on main (the base Medic's branches start from).
std::string init_with_base_commit(const fs::path& path) {
    fs::create_directories(path);
    test::run_git(path, "init -q -b main");
    test::run_git(path, "commit -q --allow-empty -m base");
    return ref_id(path, "refs/heads/main");
}

class GitPushTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_work = m_dir.path() / "work";
        m_base = init_with_base_commit(m_work);
    }

    /// Commits a fix onto `branch` in the work repository and returns the commit id.
    std::string commit(const std::string& branch, const std::string& content = "fixed\n") {
        BranchCommit change{
            branch, m_base, {{"src/fix.cpp", content}}, "Fix it", {"Medic", "medic@example.com"},
            {}};
        auto update = commit_to_branch(m_work, change);
        EXPECT_TRUE(update.has_value()) << (update ? "" : update.error().message);
        return update ? update->commit : "";
    }

    test::TempDir m_dir;
    fs::path m_work;
    std::string m_base;
};

/// Prints an error message, so a test run shows what people will read.
void show(const Result<void>& result) {
    if (!result)
        std::cout << "    error (" << to_string(result.error().code)
                  << "): " << result.error().message << "\n";
}

TEST_F(GitPushTest, PushesOverHttpWithTheToken) {
    GitHttpServer server;
    auto const bare = server.create_repository("shop");
    auto const id = commit("medic/slow/fix");
    RemoteReport report;
    auto pushed = push_branch(m_work, server.url("shop"), "medic/slow/fix", auth(k_token), &report);
    ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    EXPECT_EQ(ref_id(bare, "refs/heads/medic/slow/fix"), id);
    EXPECT_EQ(report.credential_requests, 1);
}

TEST_F(GitPushTest, ALeaseStopsAPushOverABranchSomeoneElseMoved) {
    GitHttpServer server;
    auto const bare = server.create_repository("shop");
    auto const first = commit("medic/slow/fix", "fixed once\n");
    auto options = auth(k_token);
    options.lease = ""; // the branch must not exist yet
    ASSERT_TRUE(push_branch(m_work, server.url("shop"), "medic/slow/fix", options).has_value());
    // A person pushes their own commit to the branch.
    test::run_git(m_work, "branch -f person " + first);
    auto const theirs = commit("person", "their change\n");
    test::run_git(m_work, "push -q -f " + bare.string() + " person:refs/heads/medic/slow/fix");
    // Medic's revision, leased on the commit it pushed: refused, theirs kept.
    auto const revised = commit("medic/slow/fix", "fixed twice\n");
    options.lease = first;
    auto pushed = push_branch(m_work, server.url("shop"), "medic/slow/fix", options);
    show(pushed);
    ASSERT_FALSE(pushed.has_value());
    EXPECT_EQ(pushed.error().code, ErrorCode::conflict);
    EXPECT_THAT(pushed.error().message,
                HasSubstr("is at " + theirs.substr(0, 12) + ", not at " + first.substr(0, 12)));
    EXPECT_EQ(ref_id(bare, "refs/heads/medic/slow/fix"), theirs);
    // Leased on where it is now, the push goes ahead.
    options.lease = theirs;
    ASSERT_TRUE(push_branch(m_work, server.url("shop"), "medic/slow/fix", options).has_value());
    EXPECT_EQ(ref_id(bare, "refs/heads/medic/slow/fix"), revised);
}

TEST_F(GitPushTest, ABranchLockAKilledRunLeftIsRecoveredNotFatal) {
    auto const first = commit("medic/slow/x", "fixed once\n");
    // Killed while git wrote the ref: its .lock stays, and git refuses to write past it.
    std::ofstream(m_work / ".git" / "refs" / "heads" / "medic" / "slow" / "x.lock") << first;
    auto const second = commit("medic/slow/x", "fixed again\n");
    EXPECT_NE(second, first);
    EXPECT_EQ(ref_id(m_work, "refs/heads/medic/slow/x"), second);
}

TEST_F(GitPushTest, KeepsExistingThreeArgumentCallsWorkingForLocalRemotes) {
    auto const bare = m_dir.path() / "local.git";
    ASSERT_TRUE(ensure_bare_repository(bare).has_value());
    auto const id = commit("medic/local");
    ASSERT_TRUE(push_branch(m_work, bare.string(), "medic/local").has_value());
    EXPECT_EQ(ref_id(bare, "refs/heads/medic/local"), id);
}

TEST_F(GitPushTest, AWrongTokenIsRefusedAfterOneAttempt) {
    GitHttpServer server;
    auto const bare = server.create_repository("shop");
    commit("medic/fix");
    RemoteReport report;
    auto pushed = push_branch(m_work, server.url("shop"), "medic/fix", auth("wrong"), &report);
    show(pushed);
    ASSERT_FALSE(pushed.has_value());
    EXPECT_EQ(pushed.error().code, ErrorCode::invalid_input);
    EXPECT_EQ(pushed.error().message,
              server.url("shop") +
                  " refused the token (tried as user x-access-token): check that it is valid, not "
                  "expired, and may push to the repository (GitHub: contents: write)");
    EXPECT_EQ(report.credential_requests, 2); // the token once, then the refusal: not 15 times
    EXPECT_EQ(ref_id(bare, "refs/heads/medic/fix"), "");
}

TEST_F(GitPushTest, NoTokenForAServerThatAsksForOneSaysCredentialsAreNeeded) {
    GitHttpServer server;
    server.create_repository("shop");
    commit("medic/fix");
    RemoteReport report;
    auto pushed = push_branch(m_work, server.url("shop"), "medic/fix", {}, &report);
    show(pushed);
    ASSERT_FALSE(pushed.has_value());
    EXPECT_EQ(pushed.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(pushed.error().message,
                HasSubstr(server.url("shop") + " needs credentials and no token was given"));
    EXPECT_EQ(report.credential_requests, 1);
}

TEST_F(GitPushTest, APreReceiveHookRejectionQuotesTheHook) {
    GitHttpServer server(rejecting("branches must be reviewed by the release team"));
    auto const bare = server.create_repository("shop");
    commit("medic/fix");
    RemoteReport report;
    auto pushed = push_branch(m_work, server.url("shop"), "medic/fix", auth(k_token), &report);
    show(pushed);
    ASSERT_FALSE(pushed.has_value());
    EXPECT_EQ(pushed.error().code, ErrorCode::conflict);
    EXPECT_THAT(pushed.error().message,
                HasSubstr("the remote " + server.url("shop") +
                          " refused refs/heads/medic/fix: pre-receive hook declined"));
    EXPECT_THAT(pushed.error().message,
                HasSubstr("remote says: branches must be reviewed by the release team"));
    EXPECT_THAT(report.remote_messages, HasSubstr("branches must be reviewed"));
    EXPECT_EQ(ref_id(bare, "refs/heads/medic/fix"), "");
}

TEST_F(GitPushTest, PushesOverHttpsTrustingTheGivenCa) {
    GitHttpServer server(https());
    auto const bare = server.create_repository("shop");
    auto const id = commit("medic/tls");
    ASSERT_THAT(server.url("shop"), ::testing::StartsWith("https://localhost:"));
    auto pushed =
        push_branch(m_work, server.url("shop"), "medic/tls", auth(k_token, server.ca_file()));
    ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    EXPECT_EQ(ref_id(bare, "refs/heads/medic/tls"), id);
}

TEST_F(GitPushTest, HttpsWithoutTheCaSaysTheCertificateIsNotTrusted) {
    GitHttpServer server(https());
    server.create_repository("shop");
    commit("medic/tls");
    auto pushed = push_branch(m_work, server.url("shop"), "medic/tls", auth(k_token));
    show(pushed);
    ASSERT_FALSE(pushed.has_value());
    EXPECT_EQ(pushed.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(pushed.error().message,
                HasSubstr("TLS certificate is not trusted by the system CA store"));
    EXPECT_THAT(pushed.error().message, HasSubstr("give its PEM certificate as the CA file"));
}

TEST_F(GitPushTest, HttpsWithAnotherCaNamesTheCaFileUsed) {
    GitHttpServer server(https());
    GitHttpServer other(https());
    server.create_repository("shop");
    commit("medic/tls");
    auto pushed =
        push_branch(m_work, server.url("shop"), "medic/tls", auth(k_token, other.ca_file()));
    show(pushed);
    ASSERT_FALSE(pushed.has_value());
    EXPECT_EQ(pushed.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(pushed.error().message,
                HasSubstr("does not verify against the CA file " + other.ca_file()));
}

TEST_F(GitPushTest, TransportFailuresKeepLibgit2sMessage) {
    int port = 0;
    {
        GitHttpServer gone; // a port nobody listens on any more
        port = gone.port();
    }
    commit("medic/fix");
    auto const address = "127.0.0.1:" + std::to_string(port) + "/shop.git";
    auto pushed =
        push_branch(m_work, "http://x-access-token:leaked@" + address, "medic/fix", auth(k_token));
    show(pushed);
    ASSERT_FALSE(pushed.has_value());
    EXPECT_EQ(pushed.error().code, ErrorCode::unavailable);
    EXPECT_THAT(pushed.error().message,
                HasSubstr("pushing medic/fix to http://x-access-token:***@" + address +
                          " failed: failed to connect to 127.0.0.1"));
    EXPECT_THAT(pushed.error().message, Not(HasSubstr("leaked"))); // a password in the URL
}

TEST_F(GitPushTest, AMissingRepositoryOrAForbiddenPushSaysWhatToCheck) {
    GitHttpServer server;
    auto const bare = server.create_repository("read-only");
    test::run_git(bare, "config http.receivepack false"); // git-http-backend then answers 403
    commit("medic/fix");
    auto missing = push_branch(m_work, server.url("absent"), "medic/fix", auth(k_token));
    show(missing);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
    EXPECT_THAT(missing.error().message, HasSubstr("404: check the URL"));
    auto forbidden = push_branch(m_work, server.url("read-only"), "medic/fix", auth(k_token));
    show(forbidden);
    ASSERT_FALSE(forbidden.has_value());
    EXPECT_EQ(forbidden.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(forbidden.error().message, HasSubstr("403: the server refuses this user access"));
}

TEST_F(GitPushTest, FetchesABranchIntoMedicsRemoteRefs) {
    GitHttpServer server(https());
    server.create_repository("shop");
    auto const id = commit("medic/fetched");
    PushOptions const options = auth(k_token, server.ca_file());
    ASSERT_TRUE(push_branch(m_work, server.url("shop"), "medic/fetched", options).has_value());
    auto const other = m_dir.path() / "other";
    init_with_base_commit(other);
    RemoteReport report;
    auto fetched = fetch_branch(other, server.url("shop"), "medic/fetched", options, &report);
    ASSERT_TRUE(fetched.has_value()) << fetched.error().message;
    EXPECT_EQ(*fetched, id);
    EXPECT_EQ(ref_id(other, "refs/remotes/medic/medic/fetched"), id);
    EXPECT_EQ(report.credential_requests, 1);
    auto missing = fetch_branch(other, server.url("shop"), "medic/absent", options);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
    EXPECT_EQ(missing.error().message, server.url("shop") + " has no branch medic/absent");
}

TEST_F(GitPushTest, ListsTheRemotesBranches) {
    GitHttpServer server;
    server.create_repository("shop");
    auto const first = commit("medic/one", "one\n");
    auto const second = commit("medic/two", "two\n");
    PushOptions const options = auth(k_token);
    auto empty = list_remote_branches(m_work, server.url("shop"), options);
    ASSERT_TRUE(empty.has_value()) << empty.error().message;
    EXPECT_TRUE(empty->empty());
    for (auto const* branch : {"medic/one", "medic/two"})
        ASSERT_TRUE(push_branch(m_work, server.url("shop"), branch, options).has_value());
    auto branches = list_remote_branches(m_work, server.url("shop"), options);
    ASSERT_TRUE(branches.has_value()) << branches.error().message;
    EXPECT_EQ(*branches,
              (std::map<std::string, std::string>{{"medic/one", first}, {"medic/two", second}}));
    auto refused = list_remote_branches(m_work, server.url("shop"), auth("wrong"));
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
}

} // namespace
} // namespace medic::git
