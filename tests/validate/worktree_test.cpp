// ValidationWorktree against real git repositories: it is created once, reset per attempt, and
// re-created when the repository it belonged to was deleted and made again at the same place
// (what a demo or CI job that copies a fresh repository each time does).

#include "bot/validate/worktree.hpp"
#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>

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
    auto first = ValidationWorktree::open(repo, worktree_path, "medic-validate");
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_TRUE(first->reset_to("HEAD"));
    auto again = ValidationWorktree::open(repo, worktree_path, "medic-validate");
    ASSERT_TRUE(again) << again.error().message;

    make_repository(repo, "second\n"); // the old worktree's metadata is gone with the old .git
    auto fresh = ValidationWorktree::open(repo, worktree_path, "medic-validate");
    ASSERT_TRUE(fresh) << fresh.error().message;
    auto head = fresh->reset_to("HEAD");
    ASSERT_TRUE(head) << head.error().message;
    EXPECT_EQ(test::read_file(worktree_path / "file.txt"), "second\n");
}

} // namespace
} // namespace medic::validate
