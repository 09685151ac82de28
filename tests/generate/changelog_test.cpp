// insert_changelog_entry: where a person would put the line, and never twice.

#include "generators/docs/changelog.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

constexpr std::string_view k_entry = "- Medic: fix it (slow, `x`)";

TEST(Changelog, GoesUnderUnreleasedAfterOneBlankLine) {
    EXPECT_EQ(insert_changelog_entry("# Changelog\n\n## Unreleased\n- older\n", k_entry),
              "# Changelog\n\n## Unreleased\n\n- Medic: fix it (slow, `x`)\n- older\n");
    EXPECT_EQ(insert_changelog_entry("### [UNRELEASED]\n\n### Fixed\n- a\n", k_entry),
              "### [UNRELEASED]\n\n- Medic: fix it (slow, `x`)\n\n### Fixed\n- a\n");
}

TEST(Changelog, ElseUnderTheFirstTopLevelHeading) {
    EXPECT_EQ(insert_changelog_entry("# History\n\n## 1.0\n- first\n", k_entry),
              "# History\n\n- Medic: fix it (slow, `x`)\n\n## 1.0\n- first\n");
}

TEST(Changelog, ElseAtTheTop) {
    EXPECT_EQ(insert_changelog_entry("", k_entry), "- Medic: fix it (slow, `x`)\n");
    EXPECT_EQ(insert_changelog_entry("Notes.\n", k_entry),
              "- Medic: fix it (slow, `x`)\n\nNotes.\n");
    EXPECT_EQ(insert_changelog_entry("- older\n", k_entry),
              "- Medic: fix it (slow, `x`)\n- older\n");
}

TEST(Changelog, HeadingsInCodeAndLookAlikesDoNotCount) {
    EXPECT_EQ(insert_changelog_entry("Intro\n```\n# Unreleased\n```\n#NoSpace\n", k_entry),
              "- Medic: fix it (slow, `x`)\n\nIntro\n```\n# Unreleased\n```\n#NoSpace\n");
}

TEST(Changelog, AHeadingAtTheEndWithoutNewline) {
    EXPECT_EQ(insert_changelog_entry("# Changelog", k_entry),
              "# Changelog\n\n- Medic: fix it (slow, `x`)\n");
}

TEST(Changelog, KeepsWindowsLineEndings) {
    EXPECT_EQ(insert_changelog_entry("# C\r\n\r\n## Unreleased\r\n- a\r\n", k_entry),
              "# C\r\n\r\n## Unreleased\r\n\r\n- Medic: fix it (slow, `x`)\r\n- a\r\n");
}

TEST(Changelog, AnEntryAlreadyThereIsNotAddedAgain) {
    const std::string changelog = "## Unreleased\n\n- Medic: fix it (slow, `x`)\n";
    EXPECT_EQ(insert_changelog_entry(changelog, k_entry), changelog);
}

} // namespace
} // namespace medic
