#pragma once
// Whether a branch still merges into its base: a three-way merge of two commits in memory
// (libgit2's merge machinery; nothing in the working tree or the refs changes).

#include "bot/model/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace medic::git {

/// The paths where merging commit `theirs` into commit `ours` (full ids, both in `repo`)
/// conflicts, sorted; empty when it merges cleanly.
Result<std::vector<std::string>> merge_conflicts(const std::filesystem::path& repo,
                                                 const std::string& ours,
                                                 const std::string& theirs);

} // namespace medic::git
