// `medic init --workflow` without the CLI: the template's placeholders filled (GitHub's own
// expressions left alone), the branch read from the checkout, and options that could not make
// a working workflow refused with what to give.

#include "bot/pipeline/workflow_setup.hpp"
#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace medic::pipeline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(WorkflowSetup, FillsThePlaceholdersAndLeavesGitHubsExpressions) {
    test::TempDir repo;
    std::filesystem::create_directories(repo.path() / ".git");
    (void)repo.write(".git/HEAD", "ref: refs/heads/trunk\n");
    auto const workflow =
        render_workflow({repo.path(), "acme/medic@v1", "./build/bench/shop_bench", ""});
    ASSERT_TRUE(workflow) << workflow.error().message;
    EXPECT_THAT(*workflow, HasSubstr("uses: acme/medic@v1"));
    EXPECT_THAT(*workflow, HasSubstr("./build/bench/shop_bench"));
    EXPECT_THAT(*workflow, HasSubstr("trunk"));
    EXPECT_THAT(*workflow, HasSubstr("${{"));
    EXPECT_THAT(*workflow, Not(HasSubstr("{{action}}")));
    EXPECT_THAT(*workflow, Not(HasSubstr("{{default_branch}}")));
}

TEST(WorkflowSetup, ACheckoutWithoutABranchWatchesMain) {
    test::TempDir repo;
    EXPECT_EQ(checked_out_branch(repo.path()), "main");
    std::filesystem::create_directories(repo.path() / ".git");
    (void)repo.write(".git/HEAD", "3f786850e387550fdab836ed7e6dc881de23001b\n"); // detached
    EXPECT_EQ(checked_out_branch(repo.path()), "main");
}

TEST(WorkflowSetup, RefusesWhatCouldNotWork) {
    test::TempDir repo;
    for (auto const* action : {"", "acme/medic", "acme@v1", "acme/medic@v1 --evil"}) {
        auto const refused = render_workflow({repo.path(), action, "./bench", ""});
        ASSERT_FALSE(refused) << action;
        EXPECT_THAT(refused.error().message, HasSubstr("--action OWNER/REPO@REF"));
    }
    for (auto const* benchmark : {"", "./bench\nrm -rf /"}) {
        auto const refused = render_workflow({repo.path(), "acme/medic@v1", benchmark, ""});
        ASSERT_FALSE(refused);
        EXPECT_THAT(refused.error().message, HasSubstr("--benchmark COMMAND"));
    }
    auto const no_templates =
        render_workflow({repo.path(), "acme/medic@v1", "./bench", (repo.path() / "none").string()});
    ASSERT_FALSE(no_templates);
    EXPECT_THAT(no_templates.error().message, HasSubstr("cannot read"));
}

} // namespace
} // namespace medic::pipeline
