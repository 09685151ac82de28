#pragma once
// Undoing a commit: the diff `git revert` applies (`-m 1` for a merge commit), for the pull
// request that takes back a merged fix production found worse.

#include "bot/model/result.hpp"

#include <filesystem>
#include <string>

namespace medic::git {

/// The diff from `commit` (a full id) back to its first parent: applied to a later commit, it
/// undoes what `commit` changed. A commit that is not in `repo`, or has no parent, is an Error.
Result<std::string> revert_diff(const std::filesystem::path& repo, const std::string& commit);

} // namespace medic::git
