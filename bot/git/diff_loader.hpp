#pragma once
// Internal to medic_git: turns diff text into libgit2's git_diff and describes it, so
// parse_diff and apply_patch read a diff the same way.

#include "bot/git/handles.hpp"
#include "bot/git/parsed_diff.hpp"

#include <string>
#include <string_view>

namespace medic::git {

/// The diff text with surrounding ``` fences removed and a final newline ensured.
std::string normalise_diff_text(std::string_view text);

/// Parses diff text (normalised first) with git_diff_from_buffer; needs start_libgit2().
Result<GitDiff> load_diff(std::string_view text);

/// The files and line counts of a parsed diff; refuses kinds Medic does not apply (copies,
/// type changes, binary patches).
Result<ParsedDiff> describe_diff(git_diff& diff);

} // namespace medic::git
