// The pure parts of publishing a fix to GitHub (bot/pipeline/github_publishing.hpp): the lines a
// fix changes, as the auto-merge policy counts them, and the check-run annotations drawn from its
// diff.

#include "bot/pipeline/github_publishing.hpp"

#include <gtest/gtest.h>

namespace medic::pipeline {
namespace {

TEST(Policy, CountsTheLinesAFixChangesLikeGit) {
    PatchDraft draft;
    draft.diff = "diff --git a/x.cpp b/x.cpp\n--- a/x.cpp\n+++ b/x.cpp\n@@ -1,3 +1,5 @@\n "
                 "a\n-b\n+c\n+++i;\n+--j;\n c\n";
    EXPECT_EQ(fix_diff_lines(draft), 4) << "'++i;' and '--j;' are changes, not headers";
    draft.diff = "not a diff";
    EXPECT_GT(fix_diff_lines(draft), 1'000'000) << "unreadable: never small enough";
}

TEST(CheckRun, AnnotatesEachHunkOfTheFix) {
    PatchDraft draft;
    draft.fixer = "perf-regex-in-loop";
    draft.root_cause = "std::regex built per call";
    draft.diff = "--- a/src/a.cpp\n+++ b/src/a.cpp\n@@ -10,4 +10,5 @@ f()\n x\n+y\n"
                 "@@ -40 +41 @@\n-z\n+w\n";
    auto const notes = annotations_for(draft);
    ASSERT_EQ(notes.size(), 2U);
    EXPECT_EQ(notes[0].path, "src/a.cpp");
    EXPECT_EQ(notes[0].start_line, 10);
    EXPECT_EQ(notes[0].end_line, 14);
    EXPECT_EQ(notes[1].start_line, 41);
    EXPECT_EQ(notes[1].end_line, 41);
    EXPECT_EQ(notes[1].message, "std::regex built per call");
}

} // namespace
} // namespace medic::pipeline
