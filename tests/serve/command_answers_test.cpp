// `/medic` commands answered as the GitHub App, against the local GitHub API server (every
// request checked against GitHub's OpenAPI description): explain and help answered once per
// command, close closes the pull request and deletes its branch and records the rejection, a
// reader gets one refusal however often they ask, and a bot gets nothing at all.

#include "bot/serve/app_actions.hpp"
#include "tests/github/github_client_fixture.hpp"
#include "tests/support/scoped_environment.hpp"

#include <filesystem>
#include <fstream>

namespace medic::serve {
namespace {

class CommandAnswersTest : public github::GitHubClientTest {
protected:
    void SetUp() override {
        start_as_app({{"collaborator_permissions", {{"alice", "maintain"}, {"carol", "triage"}}}},
                     {"medic/slow/regex-69ecf7a1"});
        m_pull = open_pr("medic/slow/regex-69ecf7a1");
        m_store = std::make_unique<store::Store>(
            std::move(*store::Store::open(m_dir.path() / "medic.sqlite3", wall_clock())));
        // What the run that published the fix kept: its report, and the draft beside it.
        auto const run_dir = m_dir.path() / "state" / "runs" / "dispatch-1";
        std::filesystem::create_directories(run_dir / "69ecf7a193c7dde9");
        std::ofstream(run_dir / "anomaly-report.json") << nlohmann::json{
            {"anomalies",
             {{{"id", "69ecf7a193c7dde9"},
               {"kind", "slow"},
               {"handler", "shop::ApplyCoupon::handle"},
               {"summary", "p99 rose from 2.1 ms to 140 ms <b>after</b> 1.4.0"},
               {"evidence", {{"p99_ms", 140.2}, {"samples", 5120}, {"window", {{"from", 1}}}}}}}}};
        std::ofstream(run_dir / "69ecf7a193c7dde9" / "draft.json")
            << nlohmann::json{{"anomaly_id", "69ecf7a193c7dde9"},
                              {"root_cause", "std::regex is compiled for every cart line."},
                              {"diff", "--- a/x\n+++ b/x\n"}};
        store::PublishedFix fix{"acme/shop",
                                m_pull.number,
                                "medic/slow/regex-69ecf7a1",
                                m_pull.head_sha,
                                "69ecf7a193c7dde9",
                                "rules/regex-hoist",
                                true,
                                6,
                                {},
                                {},
                                "tests 12/12; 41 % faster (p = 0.0002)",
                                (run_dir / "anomaly-report.json").string(),
                                {}};
        ASSERT_TRUE(m_store->record_published_fix(fix));
        m_fix = (*m_store->open_published_fixes("acme/shop"))[0];
        m_key_env.emplace("MEDIC_TEST_APP_KEY", m_app_key);
        m_config.github.api_url = m_server->base_url();
        m_config.github.app_id = "4242";
        m_config.github.private_key_env = "MEDIC_TEST_APP_KEY";
        m_actions = std::make_unique<GitHubAppActions>(m_config, m_dir.path() / "state", *m_store,
                                                       m_curl, m_metrics, [](std::string_view) {});
    }

    /// A comment by octocat on the pull request, as the command's comment.
    std::int64_t comment(const std::string& body) {
        auto const created =
            m_api->post("/repos/acme/shop/issues/" + std::to_string(m_pull.number) + "/comments",
                        nlohmann::json{{"body", body}});
        EXPECT_TRUE(created);
        return created ? created->value("id", std::int64_t{0}) : 0;
    }

    Result<std::string> command(const std::string& text, std::string login,
                                std::string type = "User") {
        auto const id = comment(text);
        return m_actions->answer_command({"d-" + std::to_string(id),
                                          "acme/shop",
                                          77,
                                          m_fix,
                                          id,
                                          {std::move(login), std::move(type)},
                                          *parse_medic_command(text)});
    }

    /// The comments Medic's App wrote, and its reactions.
    std::vector<std::string> app_comments() {
        std::vector<std::string> bodies;
        for (auto const& c : m_server->state()["comments"])
            if (c["user"]["login"] == "medic[bot]")
                bodies.push_back(c["body"]);
        return bodies;
    }

    github::PullRequest m_pull;
    std::unique_ptr<store::Store> m_store;
    store::PublishedFix m_fix;
    std::optional<test::ScopedEnvironment> m_key_env;
    MedicConfig m_config;
    ServerMetrics m_metrics;
    std::unique_ptr<GitHubAppActions> m_actions;
};

TEST_F(CommandAnswersTest, ExplainAndHelpAreAnsweredOncePerCommand) {
    auto const explained = command("/medic explain", "alice");
    ASSERT_TRUE(explained) << explained.error().message;
    EXPECT_NE(explained->find("explained"), std::string::npos);
    auto const reactions = m_server->state()["reactions"];
    ASSERT_EQ(reactions.size(), 1u);
    EXPECT_EQ(reactions[0]["content"], "eyes");
    auto bodies = app_comments();
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_NE(bodies[0].find("41 % faster"), std::string::npos);
    EXPECT_NE(bodies[0].find("medic validate --repo . --patch fix.diff"), std::string::npos);
    EXPECT_NE(bodies[0].find("`shop::ApplyCoupon::handle`"), std::string::npos) << bodies[0];
    EXPECT_NE(bodies[0].find("**Root cause**: std::regex is compiled for every cart line."),
              std::string::npos)
        << bodies[0];
    EXPECT_NE(bodies[0].find("- `p99_ms`: `140.2`"), std::string::npos) << bodies[0];
    EXPECT_EQ(bodies[0].find("<b>"), std::string::npos) << "the summary is Markdown-safe";
    EXPECT_EQ(bodies[0].find("window"), std::string::npos) << "nested evidence stays out";
    auto const unknown = command("/medic rebase", "alice");
    ASSERT_TRUE(unknown);
    bodies = app_comments();
    ASSERT_EQ(bodies.size(), 2u);
    EXPECT_NE(bodies[1].find("`/medic rebase` is no command"), std::string::npos);
    EXPECT_NE(bodies[1].find("/medic close"), std::string::npos);
    // The permission was read once for both commands.
    EXPECT_EQ(m_server->state()["permission_reads"].size(), 1u);
}

TEST_F(CommandAnswersTest, AReaderIsRefusedOnceAndABotGetsNothing) {
    ASSERT_TRUE(command("/medic close", "carol"));
    auto const again = command("/medic explain", "carol");
    ASSERT_TRUE(again);
    EXPECT_NE(again->find("refused (triage access)"), std::string::npos);
    auto const bodies = app_comments();
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_NE(bodies[0].find("@carol, only people who can push"), std::string::npos);
    EXPECT_EQ(m_server->state()["pulls"][0]["state"], "open");
    auto const requests = m_server->state()["requests"].size();
    auto const bot = command("/medic close", "medic[bot]", "Bot");
    ASSERT_TRUE(bot);
    EXPECT_NE(bot->find("ignored"), std::string::npos);
    EXPECT_EQ(m_server->state()["requests"].size(), requests + 1) << "only the test's comment";
    EXPECT_TRUE(m_server->state()["reactions"].empty());
}

TEST_F(CommandAnswersTest, CloseClosesDeletesTheBranchAndRecordsTheRejection) {
    auto const closed = command("/medic close", "alice");
    ASSERT_TRUE(closed) << closed.error().message;
    auto const state = m_server->state();
    EXPECT_EQ(state["pulls"][0]["state"], "closed");
    EXPECT_FALSE(state["refs"].contains("refs/heads/medic/slow/regex-69ecf7a1"));
    auto const outcomes = m_store->pull_request_outcomes();
    ASSERT_EQ(outcomes->size(), 1u);
    EXPECT_FALSE((*outcomes)[0].merged);
    EXPECT_TRUE(m_store->open_published_fixes("acme/shop")->empty());
    auto const bodies = app_comments();
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_NE(bodies[0].find("rejected"), std::string::npos);
    // The same job again (a worker died after closing): nothing new, no error.
    ASSERT_TRUE(m_actions->answer_command({"d-again",
                                           "acme/shop",
                                           77,
                                           m_fix,
                                           state["comments"][0]["id"],
                                           {"alice", "User"},
                                           *parse_medic_command("/medic close")}));
    EXPECT_EQ(app_comments().size(), 1u);
}

} // namespace
} // namespace medic::serve
