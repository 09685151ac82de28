// Which GitHub client a configuration builds (bot/clients): a token from the environment, a
// GitHub App's installation tokens, or a clear error saying what to set. Nothing is sent: a
// session is only built here (the end-to-end tests use it against local servers).

#include "bot/clients/github_session.hpp"
#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <gtest/gtest.h>

namespace medic::clients {
namespace {

class GitHubSessionTest : public ::testing::Test {
protected:
    GitHubSessionTest() {
        config.repository = "acme/shop";
        config.token_env = "MEDIC_SESSION_TEST_TOKEN";
        config.private_key_env = "MEDIC_SESSION_TEST_KEY";
        ::unsetenv("MEDIC_SESSION_TEST_TOKEN");
        ::unsetenv("MEDIC_SESSION_TEST_KEY");
    }
    ~GitHubSessionTest() override {
        ::unsetenv("MEDIC_SESSION_TEST_TOKEN");
        ::unsetenv("MEDIC_SESSION_TEST_KEY");
    }

    http::CurlGlobal curl;
    test::TempDir dir;
    GitHubConfig config;
};

TEST_F(GitHubSessionTest, ATokenInTheEnvironmentIsUsedAndNamed) {
    ::setenv("MEDIC_SESSION_TEST_TOKEN", "ghp_example", 1);
    auto const session = open_github_session(config, dir.path(), curl);
    ASSERT_TRUE(session) << session.error().message;
    EXPECT_FALSE((*session)->app);
    EXPECT_NE((*session)->token->kind().find("MEDIC_SESSION_TEST_TOKEN"), std::string::npos);
    EXPECT_EQ(*(*session)->token->token(), "ghp_example");
}

TEST_F(GitHubSessionTest, NoCredentialsSaysWhatToSet) {
    auto const session = open_github_session(config, dir.path(), curl);
    ASSERT_FALSE(session);
    EXPECT_EQ(session.error().code, ErrorCode::invalid_input);
    EXPECT_NE(session.error().message.find("MEDIC_SESSION_TEST_TOKEN"), std::string::npos);
    EXPECT_NE(session.error().message.find("github.app_id"), std::string::npos);
}

TEST_F(GitHubSessionTest, AnAppWinsOverATokenAndNeedsItsKey) {
    ::setenv("MEDIC_SESSION_TEST_TOKEN", "ghp_example", 1);
    config.app_id = "4242";
    auto const keyless = open_github_session(config, dir.path(), curl);
    ASSERT_FALSE(keyless);
    EXPECT_NE(keyless.error().message.find("MEDIC_SESSION_TEST_KEY"), std::string::npos);
    config.private_key_file = (dir.path() / "missing.pem").string();
    auto const unreadable = open_github_session(config, dir.path(), curl);
    ASSERT_FALSE(unreadable);
    EXPECT_NE(unreadable.error().message.find("missing.pem"), std::string::npos);
    config.private_key_file.clear();
    ::setenv("MEDIC_SESSION_TEST_KEY", "-----BEGIN RSA PRIVATE KEY-----\n", 1);
    auto const app = open_github_session(config, dir.path(), curl);
    ASSERT_TRUE(app) << app.error().message;
    EXPECT_TRUE((*app)->app);
}

TEST_F(GitHubSessionTest, ARepositoryNameThatIsNoOwnerSlashNameIsRefused) {
    ::setenv("MEDIC_SESSION_TEST_TOKEN", "ghp_example", 1);
    config.repository = "shop";
    EXPECT_FALSE(open_github_session(config, dir.path(), curl));
}

} // namespace
} // namespace medic::clients
