#pragma once
// Unified diffs made by libgit2 from before/after texts, in the exact format `git diff` prints
// and parse_diff / apply_patch read back.

#include "bot/model/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::git {

/// A git-style diff of one file (`diff --git a/p b/p`, 3 lines of context); nullopt on either
/// side means the file is absent there (an addition or a deletion). Equal texts give "".
Result<std::string> unified_diff(std::string_view path, std::optional<std::string_view> old_text,
                                 std::optional<std::string_view> new_text);

/// Per-file diffs as one multi-file diff (git's diff of several files is their concatenation).
std::string join_diffs(const std::vector<std::string>& diffs);

} // namespace medic::git
