// parse_diff reads real git diffs, tolerates what models wrap them in, and refuses everything
// else with a message a model can act on.

#include "bot/git/parsed_diff.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::git {
namespace {

constexpr std::string_view k_modification = "diff --git a/src/cart.cpp b/src/cart.cpp\n"
                                            "index 1111111..2222222 100644\n"
                                            "--- a/src/cart.cpp\n"
                                            "+++ b/src/cart.cpp\n"
                                            "@@ -1,3 +1,4 @@\n"
                                            " int total() {\n"
                                            "-    return 0;\n"
                                            "+    int sum = 0;\n"
                                            "+    return sum;\n"
                                            " }\n";

constexpr std::string_view k_rename_and_deletion = "diff --git a/src/old.cpp b/src/new.cpp\n"
                                                   "similarity index 90%\n"
                                                   "rename from src/old.cpp\n"
                                                   "rename to src/new.cpp\n"
                                                   "index 3367afd..3e75765 100644\n"
                                                   "--- a/src/old.cpp\n"
                                                   "+++ b/src/new.cpp\n"
                                                   "@@ -1 +1 @@\n"
                                                   "-old\n"
                                                   "+new\n"
                                                   "diff --git a/docs/gone.md b/docs/gone.md\n"
                                                   "deleted file mode 100644\n"
                                                   "--- a/docs/gone.md\n"
                                                   "+++ /dev/null\n"
                                                   "@@ -1,2 +0,0 @@\n"
                                                   "-# Gone\n"
                                                   "-text\n";

void expect_refused(std::string_view text, std::string_view reason) {
    auto parsed = parse_diff(text);
    ASSERT_FALSE(parsed) << "accepted: " << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_input);
    EXPECT_TRUE(parsed.error().message.starts_with("the diff is not a unified diff: "))
        << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(reason), std::string::npos) << parsed.error().message;
    EXPECT_NE(parsed.error().message.find("diff --git a/<path> b/<path>"), std::string::npos)
        << "the message should show the expected format: " << parsed.error().message;
}

TEST(ParseDiff, ReadsFilesAndLineCounts) {
    auto parsed = parse_diff(k_modification);
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->files.size(), 1u);
    EXPECT_EQ(parsed->files[0].old_path, "src/cart.cpp");
    EXPECT_EQ(parsed->files[0].new_path, "src/cart.cpp");
    EXPECT_EQ(parsed->files[0].status, FileStatus::modified);
    EXPECT_EQ(parsed->lines_added, 2u);
    EXPECT_EQ(parsed->lines_removed, 1u);
}

TEST(ParseDiff, ReadsRenamesAndDeletionsWithBothPaths) {
    auto parsed = parse_diff(k_rename_and_deletion);
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->files.size(), 2u);
    EXPECT_EQ(parsed->files[0].status, FileStatus::renamed);
    EXPECT_EQ(parsed->files[0].old_path, "src/old.cpp");
    EXPECT_EQ(parsed->files[0].new_path, "src/new.cpp");
    EXPECT_EQ(parsed->files[1].status, FileStatus::deleted);
    EXPECT_EQ(parsed->files[1].old_path, "docs/gone.md");
    EXPECT_EQ(parsed->lines_removed, 3u);
    EXPECT_EQ(touched_paths(*parsed),
              (std::vector<std::string>{"docs/gone.md", "src/new.cpp", "src/old.cpp"}));
}

TEST(ParseDiff, AcceptsAFencedDiffAndAMissingFinalNewline) {
    auto fenced = parse_diff("\n```diff\n" + std::string(k_modification) + "```\nDone.\n");
    ASSERT_TRUE(fenced) << fenced.error().message;
    EXPECT_EQ(fenced->files.at(0).new_path, "src/cart.cpp");
    EXPECT_EQ(fenced->lines_added, 2u);

    std::string_view const unterminated = k_modification.substr(0, k_modification.size() - 1);
    auto parsed = parse_diff(unterminated);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->lines_added, 2u);
}

TEST(ParseDiff, RefusesTextThatIsNotADiff) {
    expect_refused("", "it is empty");
    expect_refused("  \n\n", "it is empty");
    expect_refused("I changed the loop to reserve capacity first.", "no patch found");
    expect_refused(R"({"root_cause": "regex in loop", "diff": "none"})", "no patch found");
    expect_refused("```diff\n```\n", "it is empty");
    expect_refused("diff --git a/x b/x\n", "no patch found");
}

TEST(ParseDiff, AFileHeaderWithoutAPathIsRefusedNotACrash) {
    // Found by tests/fuzz/unified_diff.cpp: libgit2 left the path null and Medic aborted.
    auto const text = test::read_file(test::source_root() /
                                      "tests/fuzz/corpus/unified_diff/regression-null-path");
    ASSERT_FALSE(text.empty());
    auto const parsed = parse_diff(text);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_input);
}

TEST(ParseDiff, ExplainsAMissingGitHeaderAndWrongHunkCounts) {
    expect_refused("--- a/src/cart.cpp\n+++ b/src/cart.cpp\n@@ -1 +1 @@\n-a\n+b\n",
                   "the `diff --git a/<path> b/<path>` line before `--- a/<path>` is missing");
    std::string miscounted(k_modification);
    miscounted.replace(miscounted.find("@@ -1,3 +1,4 @@"), 15, "@@ -1,5 +1,4 @@");
    expect_refused(miscounted, "expected 5 old lines");
}

} // namespace
} // namespace medic::git
