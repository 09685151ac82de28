#pragma once
// Adding Medic's entry to a repository's CHANGELOG where a person would put it.

#include <string>
#include <string_view>

namespace medic {

/// `changelog` with `entry` (one or more lines, no trailing newline) inserted: right under a
/// heading named "Unreleased" (any level, any case, "[Unreleased]" too) after one blank line;
/// else under the first top-level "# " heading; else at the top. Headings inside fenced code
/// do not count. An entry already present (as whole lines) is not added again, so a re-run
/// leaves the file as it is.
std::string insert_changelog_entry(std::string_view changelog, std::string_view entry);

} // namespace medic
