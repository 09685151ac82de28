// apply_patch computes the patched files without ever writing to the repository, and explains
// a diff that does not fit the files in words a model can act on.

#include "bot/git/unified_diff.hpp"
#include "generators/patch/apply_patch.hpp"
#include "tests/patch/patch_test_support.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::patch {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_cart = "#include \"cart.hpp\"\n"
                                    "\n"
                                    "int Cart::total() const {\n"
                                    "    int sum = 0;\n"
                                    "    for (auto item : m_items)\n"
                                    "        sum += item.price;\n"
                                    "    return sum;\n"
                                    "}\n";

constexpr std::string_view k_cart_diff = "diff --git a/src/cart.cpp b/src/cart.cpp\n"
                                         "--- a/src/cart.cpp\n"
                                         "+++ b/src/cart.cpp\n"
                                         "@@ -3,5 +3,5 @@\n"
                                         " int Cart::total() const {\n"
                                         "     int sum = 0;\n"
                                         "-    for (auto item : m_items)\n"
                                         "+    for (auto const& item : m_items)\n"
                                         "         sum += item.price;\n"
                                         "     return sum;\n";

std::string patched_cart() {
    std::string text(k_cart);
    text.replace(text.find("auto item"), 9, "auto const& item");
    return text;
}

void expect_error(const Result<AppliedPatch>& applied, ErrorCode code, std::string_view words) {
    ASSERT_FALSE(applied) << "the diff applied";
    EXPECT_EQ(applied.error().code, code) << applied.error().message;
    EXPECT_NE(applied.error().message.find(words), std::string::npos) << applied.error().message;
}

TEST(ApplyPatch, AppliesToAPlainFolderAndLeavesItUntouched) {
    test::TempDir repo;
    test::write_text(repo.path(), "src/cart.cpp", k_cart);
    test::write_text(repo.path(), "src/cart.hpp", "struct Cart {};\n");
    auto const before = test::snapshot(repo.path());

    auto applied = apply_patch(repo.path(), k_cart_diff);
    ASSERT_TRUE(applied) << applied.error().message;
    ASSERT_EQ(applied->files.size(), 1u);
    EXPECT_EQ(applied->files.at("src/cart.cpp"), patched_cart());
    EXPECT_EQ(test::snapshot(repo.path()), before);
}

TEST(ApplyPatch, LeavesAGitCheckoutWithLocalChangesByteIdentical) {
    test::TempDir root;
    test::write_text(root.path(), "README.md", "# Shop\n");
    test::write_text(root.path(), "services/shop/src/cart.cpp", "committed\n");
    test::run_git(root.path(), "init -q");
    test::run_git(root.path(), "add -A");
    test::run_git(root.path(), "commit -qm initial");
    // Local, uncommitted edits: the diff is made against these, not against HEAD.
    test::write_text(root.path(), "services/shop/src/cart.cpp", k_cart);
    test::write_text(root.path(), "services/shop/notes.txt", "untracked\n");
    auto const before = test::snapshot(root.path());

    auto applied = apply_patch(root.path() / "services/shop", k_cart_diff);
    ASSERT_TRUE(applied) << applied.error().message;
    EXPECT_EQ(applied->files.at("src/cart.cpp"), patched_cart());
    EXPECT_EQ(test::snapshot(root.path()), before) << "the checkout or its .git changed";
}

TEST(ApplyPatch, ANonMatchingHunkIsAConflictNamingFileAndHunk) {
    test::TempDir repo;
    std::string lines;
    for (int i = 1; i <= 30; ++i)
        lines += "line " + std::to_string(i) + "\n";
    test::write_text(repo.path(), "src/cart.cpp", lines);
    std::string changed = lines;
    changed.replace(changed.find("line 2\n"), 7, "line two\n");
    changed.replace(changed.find("line 25\n"), 8, "line twenty-five\n");
    auto diff = git::unified_diff("src/cart.cpp", lines, changed);
    ASSERT_TRUE(diff);
    // The file moved on since the diff was made: line 24 no longer reads as the hunk expects.
    std::string drifted = lines;
    drifted.replace(drifted.find("line 24\n"), 8, "line 24 edited\n");
    test::write_text(repo.path(), "src/cart.cpp", drifted);

    auto applied = apply_patch(repo.path(), *diff);
    expect_error(applied, ErrorCode::conflict,
                 "hunk 2 of src/cart.cpp (@@ -22,7 +22,7 @@ line 21) does not apply");
    EXPECT_NE(applied.error().message.find("did not apply"), std::string::npos)
        << "libgit2's own reason should be kept: " << applied.error().message;
}

TEST(ApplyPatch, AHunkAtTheWrongLineNumberDoesNotApply) {
    test::TempDir repo;
    test::write_text(repo.path(), "src/cart.cpp",
                     "// moved down by one line\n" + std::string(k_cart));
    expect_error(apply_patch(repo.path(), k_cart_diff), ErrorCode::conflict,
                 "hunk 1 of src/cart.cpp");
}

TEST(ApplyPatch, AModifiedFileMustExist) {
    test::TempDir repo;
    expect_error(apply_patch(repo.path(), k_cart_diff), ErrorCode::not_found,
                 "the diff modifies src/cart.cpp, which does not exist");
}

TEST(ApplyPatch, AnAddedFileMustNotExistYet) {
    test::TempDir repo;
    test::write_text(repo.path(), "src/new.cpp", "already here\n");
    auto diff = git::unified_diff("src/new.cpp", std::nullopt, "fresh\n");
    ASSERT_TRUE(diff);
    expect_error(apply_patch(repo.path(), *diff), ErrorCode::conflict,
                 "the diff adds src/new.cpp, which already exists");
}

TEST(ApplyPatch, ADeletionMustRemoveTheCurrentContents) {
    test::TempDir repo;
    test::write_text(repo.path(), "old.txt", "current\n");
    auto stale = git::unified_diff("old.txt", "something else\n", std::nullopt);
    ASSERT_TRUE(stale);
    expect_error(apply_patch(repo.path(), *stale), ErrorCode::conflict,
                 "the deletion of old.txt does not apply");

    auto fresh = git::unified_diff("old.txt", "current\n", std::nullopt);
    ASSERT_TRUE(fresh);
    auto applied = apply_patch(repo.path(), *fresh);
    ASSERT_TRUE(applied) << applied.error().message;
    EXPECT_EQ(applied->files.at("old.txt"), std::nullopt);
}

TEST(ApplyPatch, ARenameVacatesTheOldPath) {
    test::TempDir repo;
    test::write_text(repo.path(), "src/old.cpp", "a\nb\n");
    std::string const diff = "diff --git a/src/old.cpp b/src/new.cpp\n"
                             "similarity index 50%\n"
                             "rename from src/old.cpp\n"
                             "rename to src/new.cpp\n"
                             "index 9405325..c2f2e5e 100644\n"
                             "--- a/src/old.cpp\n"
                             "+++ b/src/new.cpp\n"
                             "@@ -1,2 +1,2 @@\n"
                             " a\n"
                             "-b\n"
                             "+c\n";
    auto applied = apply_patch(repo.path(), diff);
    ASSERT_TRUE(applied) << applied.error().message;
    EXPECT_EQ(applied->files.at("src/old.cpp"), std::nullopt);
    EXPECT_EQ(applied->files.at("src/new.cpp"), "a\nc\n");
}

TEST(ApplyPatch, NeverReadsOutsideTheRepository) {
    test::TempDir outer;
    test::write_text(outer.path(), "secret.txt", "x\n");
    test::write_text(outer.path(), "repo/keep.txt", "k\n");
    std::string const escaping = "diff --git a/../secret.txt b/../secret.txt\n"
                                 "--- a/../secret.txt\n"
                                 "+++ b/../secret.txt\n"
                                 "@@ -1 +1 @@\n"
                                 "-x\n"
                                 "+y\n";
    expect_error(apply_patch(outer.path() / "repo", escaping), ErrorCode::invalid_input,
                 "'../secret.txt', which has a '..' component");

    fs::create_directory_symlink(outer.path(), outer.path() / "repo/link");
    auto through_link = git::unified_diff("link/secret.txt", "x\n", "y\n");
    ASSERT_TRUE(through_link);
    expect_error(apply_patch(outer.path() / "repo", *through_link), ErrorCode::invalid_input,
                 "symbolic link");
}

TEST(ApplyPatch, RefusesTextThatIsNotADiff) {
    test::TempDir repo;
    expect_error(apply_patch(repo.path(), "Sorry, I cannot help with that."),
                 ErrorCode::invalid_input, "not a unified diff");
}

} // namespace
} // namespace medic::patch
