// The diff that undoes a merged commit, on real repositories made with git: applied after a
// later unrelated commit it takes back exactly what the commit changed (for a merge commit,
// against its first parent, as `git revert -m 1` does); a root commit or an unknown one is a
// clear error.

#include "bot/git/revert.hpp"
#include "bot/git/worktree.hpp"
#include "generators/patch/apply_patch.hpp"
#include "tests/patch/patch_test_support.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::git {
namespace {

class RevertTest : public ::testing::Test {
protected:
    RevertTest() {
        std::filesystem::create_directories(repo);
        test::run_git(repo, "init -q -b main");
        test::write_text(repo, "src/cart.cpp", "one\ntwo\nthree\n");
        test::write_text(repo, "README", "shop\n");
        test::run_git(repo, "add -A");
        test::run_git(repo, "commit -q -m base");
        root = *resolve_commit(repo, "main");
        test::run_git(repo, "checkout -q -b medic/fix");
        test::write_text(repo, "src/cart.cpp", "one\nTWO (fixed)\nthree\n");
        test::write_text(repo, "docs/medic/fix.md", "the fix\n");
        test::run_git(repo, "add -A");
        test::run_git(repo, "commit -q -m fix");
        test::run_git(repo, "checkout -q main");
        test::run_git(repo, "merge -q --no-ff -m merged medic/fix");
        merge = *resolve_commit(repo, "main");
        test::write_text(repo, "README", "shop, later\n"); // a later commit elsewhere
        test::run_git(repo, "commit -q -am later");
    }

    test::TempDir dir;
    std::filesystem::path repo = dir.path() / "repo";
    std::string root;
    std::string merge;
};

TEST_F(RevertTest, TheMergesRevertTakesBackItsChangeAfterLaterCommits) {
    auto const diff = revert_diff(repo, merge);
    ASSERT_TRUE(diff) << diff.error().message;
    auto const applied = patch::apply_patch(repo, *diff);
    ASSERT_TRUE(applied) << applied.error().message;
    ASSERT_EQ(applied->files.size(), 2u);
    EXPECT_EQ(applied->files.at("src/cart.cpp"), "one\ntwo\nthree\n");
    EXPECT_FALSE(applied->files.at("docs/medic/fix.md")); // added by the fix: deleted again
}

TEST_F(RevertTest, ARootCommitOrAnUnknownOneIsAClearError) {
    auto const of_root = revert_diff(repo, root);
    ASSERT_FALSE(of_root);
    EXPECT_NE(of_root.error().message.find("no parent"), std::string::npos);
    auto const unknown = revert_diff(repo, std::string(40, 'b'));
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("bbbbbbbbbbbb"), std::string::npos);
}

} // namespace
} // namespace medic::git
