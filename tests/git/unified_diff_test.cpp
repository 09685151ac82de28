// unified_diff makes git-format diffs that parse_diff reads back and apply_patch turns into
// exactly the new text.

#include "bot/git/parsed_diff.hpp"
#include "bot/git/unified_diff.hpp"
#include "generators/patch/apply_patch.hpp"
#include "tests/patch/patch_test_support.hpp"
#include "tests/support/temp_dir.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace medic::git {
namespace {

std::string numbered_lines(int count) {
    std::string text;
    for (int i = 1; i <= count; ++i)
        text += "line " + std::to_string(i) + "\n";
    return text;
}

/// Writes `old_text` as `path` in a fresh folder, applies the diff, returns the new contents.
std::optional<std::string> round_trip(const std::string& path,
                                      const std::optional<std::string>& old_text,
                                      const std::optional<std::string>& new_text) {
    test::TempDir repo;
    if (old_text)
        test::write_text(repo.path(), path, *old_text);
    auto diff = unified_diff(path, old_text, new_text);
    EXPECT_TRUE(diff) << diff.error().message;
    auto parsed = parse_diff(*diff);
    EXPECT_TRUE(parsed) << parsed.error().message;
    auto applied = patch::apply_patch(repo.path(), *diff);
    EXPECT_TRUE(applied) << applied.error().message << "\n" << *diff;
    if (!applied || !applied->files.contains(path))
        return "<not applied>";
    return applied->files.at(path);
}

TEST(UnifiedDiff, HasGitHeadersAndThreeLinesOfContext) {
    auto diff = unified_diff("src/cart.cpp", numbered_lines(10), [] {
        auto text = numbered_lines(10);
        text.replace(text.find("line 5\n"), 7, "line five\n");
        return text;
    }());
    ASSERT_TRUE(diff) << diff.error().message;
    EXPECT_TRUE(diff->starts_with("diff --git a/src/cart.cpp b/src/cart.cpp\n")) << *diff;
    EXPECT_NE(diff->find("\n--- a/src/cart.cpp\n+++ b/src/cart.cpp\n@@ -2,7 +2,7 @@"),
              std::string::npos)
        << *diff;
    EXPECT_NE(diff->find(" line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n"
                         " line 8\n"),
              std::string::npos)
        << *diff;
    EXPECT_EQ(diff->find("\n line 1\n"), std::string::npos) << "only 3 lines of context: " << *diff;
}

TEST(UnifiedDiff, EqualTextsGiveNoDiff) {
    auto diff = unified_diff("a.txt", "same\n", "same\n");
    ASSERT_TRUE(diff);
    EXPECT_EQ(*diff, "");
}

TEST(UnifiedDiff, RoundTripsASimpleChange) {
    std::string const after = "int main() {\n    return 1;\n}\n";
    EXPECT_EQ(round_trip("src/main.cpp", "int main() {\n    return 0;\n}\n", after), after);
}

TEST(UnifiedDiff, RoundTripsFilesWithoutFinalNewline) {
    EXPECT_EQ(round_trip("a.txt", "one\ntwo", "one\nthree"), "one\nthree");
    EXPECT_EQ(round_trip("a.txt", "one\ntwo", "one\ntwo\n"), "one\ntwo\n");
    EXPECT_EQ(round_trip("a.txt", "one\ntwo\n", "one\ntwo"), "one\ntwo");
}

TEST(UnifiedDiff, RoundTripsSeveralHunks) {
    std::string after = numbered_lines(60);
    after.replace(after.find("line 3\n"), 7, "line three\n");
    after.replace(after.find("line 30\n"), 8, "");
    after.replace(after.find("line 55\n"), 8, "line 55\ninserted\n");
    auto diff = unified_diff("big.txt", numbered_lines(60), after);
    ASSERT_TRUE(diff);
    EXPECT_EQ(std::ranges::count(*diff, '@'), 3 * 4) << "three hunks expected:\n" << *diff;
    EXPECT_EQ(round_trip("big.txt", numbered_lines(60), after), after);
}

TEST(UnifiedDiff, RoundTripsAdditionsDeletionsAndEmptyFiles) {
    EXPECT_EQ(round_trip("tests/new_test.cpp", std::nullopt, "TEST(A, B) {}\n"), "TEST(A, B) {}\n");
    EXPECT_EQ(round_trip("old.txt", "bye\n", std::nullopt), std::nullopt);
    EXPECT_EQ(round_trip("empty.txt", "", "now full\n"), "now full\n");
    EXPECT_EQ(round_trip("empty.txt", "was full\n", ""), "");
}

TEST(UnifiedDiff, EmptyButPresentIsAModificationNotAnAddition) {
    auto diff = unified_diff("empty.txt", "", "text\n");
    ASSERT_TRUE(diff);
    auto parsed = parse_diff(*diff);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->files.at(0).status, FileStatus::modified) << *diff;
}

TEST(UnifiedDiff, JoinedDiffsApplyTogether) {
    test::TempDir repo;
    test::write_text(repo.path(), "a.txt", "a\n");
    test::write_text(repo.path(), "src/b.txt", "b\n");
    auto first = unified_diff("a.txt", "a\n", "A\n");
    auto second = unified_diff("src/b.txt", "b\n", "B\n");
    ASSERT_TRUE(first && second);
    auto applied = patch::apply_patch(repo.path(), join_diffs({*first, *second}));
    ASSERT_TRUE(applied) << applied.error().message;
    EXPECT_EQ(applied->files.at("a.txt"), "A\n");
    EXPECT_EQ(applied->files.at("src/b.txt"), "B\n");
    EXPECT_EQ(join_diffs({"x", "y\n"}), "x\ny\n");
}

} // namespace
} // namespace medic::git
