// Whether a fix branch still merges into its moved base, on real repositories made with git:
// a change to the same lines conflicts (and names the file), a change elsewhere does not, and
// nothing in the working tree or the refs moves.

#include "bot/git/merge_check.hpp"
#include "bot/git/worktree.hpp"
#include "tests/patch/patch_test_support.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::git {
namespace {

class MergeCheckTest : public ::testing::Test {
protected:
    MergeCheckTest() {
        std::filesystem::create_directories(repo);
        test::run_git(repo, "init -q -b main");
        test::write_text(repo, "src/search.cpp", "one\ntwo\nthree\n");
        test::write_text(repo, "README", "shop\n");
        test::run_git(repo, "add -A");
        test::run_git(repo, "commit -q -m base");
        test::run_git(repo, "checkout -q -b medic/fix");
        test::write_text(repo, "src/search.cpp", "one\nTWO (fixed)\nthree\n");
        test::run_git(repo, "commit -q -am fix");
        fix = *resolve_commit(repo, "medic/fix");
        test::run_git(repo, "checkout -q main");
    }

    /// Commits `content` to `file` on main; returns the new head.
    std::string change_main(std::string_view file, std::string_view content) {
        test::write_text(repo, file, content);
        test::run_git(repo, "commit -q -am change");
        return *resolve_commit(repo, "main");
    }

    test::TempDir dir;
    std::filesystem::path repo = dir.path() / "repo";
    std::string fix;
};

TEST_F(MergeCheckTest, AChangeToTheSameLinesConflictsAndNamesTheFile) {
    auto const base = change_main("src/search.cpp", "one\n2 (someone else)\nthree\n");
    auto const conflicts = merge_conflicts(repo, base, fix);
    ASSERT_TRUE(conflicts) << conflicts.error().message;
    EXPECT_EQ(*conflicts, std::vector<std::string>{"src/search.cpp"});
    EXPECT_EQ(*resolve_commit(repo, "main"), base); // nothing moved
    EXPECT_EQ(*resolve_commit(repo, "medic/fix"), fix);
}

TEST_F(MergeCheckTest, AChangeElsewhereMergesCleanly) {
    auto const base = change_main("README", "shop, the sample service\n");
    auto const conflicts = merge_conflicts(repo, base, fix);
    ASSERT_TRUE(conflicts) << conflicts.error().message;
    EXPECT_TRUE(conflicts->empty());
}

TEST_F(MergeCheckTest, AnUnknownCommitIsAClearError) {
    auto const missing = merge_conflicts(repo, fix, std::string(40, 'a'));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("aaaaaaaaaaaa"), std::string::npos);
}

} // namespace
} // namespace medic::git
