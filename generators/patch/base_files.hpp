#pragma once
// Internal to medic_patch: reads, without writing anything, the current contents of the files a
// diff touches, and checks the diff's view of which files exist matches the folder.

#include "bot/git/apply_diff.hpp"
#include "bot/git/parsed_diff.hpp"
#include "bot/model/result.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace medic::patch {

/// The files `diff` modifies, deletes or renames, read from `repo_dir` (path -> file). Fails
/// when a path is unsafe, one of them is missing, or a file it adds already exists.
Result<std::map<std::string, git::BaseFile>> read_base_files(const std::filesystem::path& repo_dir,
                                                             const git::ParsedDiff& diff);

} // namespace medic::patch
