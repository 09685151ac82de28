// ValidationWorktree against real git repositories: it is created once, reset per attempt, and
// re-created when the repository it belonged to was deleted and made again at the same place
// (what a demo or CI job that copies a fresh repository each time does).

#include "bot/validate/worktree.hpp"
#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace medic::validate {
namespace {

/// A fresh repository at `dir` with one commit holding `file` = `content`.
void make_repository(const std::filesystem::path& dir, const std::string& content) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "file.txt") << content;
    auto const script = "cd " + dir.string() +
                        " && git init -q -b main && git add -A && git -c user.name=t "
                        "-c user.email=t@e commit -qm base";
    ASSERT_EQ(std::system(script.c_str()), 0);
}

TEST(ValidationWorktree, IsReusedThenReCreatedForARepositoryMadeAgain) {
    test::TempDir dir;
    auto const repo = dir.path() / "repo";
    auto const worktree_path = dir.path() / "work" / "worktree";
    make_repository(repo, "first\n");
    {
        auto first = ValidationWorktree::open(repo, worktree_path);
        ASSERT_TRUE(first) << first.error().message;
        ASSERT_TRUE(first->reset_to("HEAD"));
    }
    {
        auto again = ValidationWorktree::open(repo, worktree_path);
        ASSERT_TRUE(again) << again.error().message;
    }

    make_repository(repo, "second\n"); // the old worktree's metadata is gone with the old .git
    auto fresh = ValidationWorktree::open(repo, worktree_path);
    ASSERT_TRUE(fresh) << fresh.error().message;
    auto head = fresh->reset_to("HEAD");
    ASSERT_TRUE(head) << head.error().message;
    EXPECT_EQ(test::read_file(worktree_path / "file.txt"), "second\n");
}

TEST(ValidationWorktree, IsThisProcessAloneAndSaysWhoHoldsIt) {
    test::TempDir dir;
    auto const repo = dir.path() / "repo";
    make_repository(repo, "first\n");
    auto const path = dir.path() / "work" / "worktree";
    auto holder = ValidationWorktree::open(repo, path);
    ASSERT_TRUE(holder) << holder.error().message;
    auto second = ValidationWorktree::open(repo, path);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::conflict);
    EXPECT_NE(second.error().message.find("pid " + std::to_string(::getpid())), std::string::npos)
        << second.error().message;
    // Another work directory for the same repository is another worktree, and works alongside.
    auto elsewhere = ValidationWorktree::open(repo, dir.path() / "other" / "worktree");
    ASSERT_TRUE(elsewhere) << elsewhere.error().message;
    EXPECT_TRUE(elsewhere->reset_to("HEAD"));
}

TEST(ValidationWorktree, RecoversWhatAKilledRunLeftBehind) {
    test::TempDir dir;
    auto const repo = dir.path() / "repo";
    make_repository(repo, "first\n");
    auto const path = dir.path() / "work" / "worktree";
    // Killed between adding the worktree and deleting its branch: the branch is still there.
    auto const branch = "cd " + repo.string() + " && git branch " + worktree_name(path);
    ASSERT_EQ(std::system(branch.c_str()), 0);
    {
        auto opened = ValidationWorktree::open(repo, path);
        ASSERT_TRUE(opened) << opened.error().message;
    }
    // Killed during a checkout: the worktree's index.lock stays.
    std::ofstream(repo / ".git" / "worktrees" / worktree_name(path) / "index.lock") << "";
    auto reopened = ValidationWorktree::open(repo, path);
    ASSERT_TRUE(reopened) << reopened.error().message;
    auto head = reopened->reset_to("HEAD");
    EXPECT_TRUE(head) << head.error().message;
}

TEST(ValidationWorktree, DeletesTheBranchOfAWorktreeAKilledRunLeftOnIt) {
    test::TempDir dir;
    auto const repo = dir.path() / "repo";
    make_repository(repo, "first\n");
    auto const path = dir.path() / "work" / "worktree";
    ASSERT_TRUE(ValidationWorktree::open(repo, path));
    // Killed after adding the worktree, before detaching it from the branch git made for it.
    auto const on_branch = "cd " + path.string() + " && git checkout -q -b " + worktree_name(path);
    ASSERT_EQ(std::system(on_branch.c_str()), 0);
    auto reopened = ValidationWorktree::open(repo, path);
    ASSERT_TRUE(reopened) << reopened.error().message;
    auto const branches =
        "cd " + repo.string() + " && test -z \"$(git branch --list " + worktree_name(path) + ")\"";
    EXPECT_EQ(std::system(branches.c_str()), 0) << "the worktree's branch is still there";
}

} // namespace
} // namespace medic::validate
