#pragma once
// Applying a fixer's edits to a repository's files, in memory: overlapping edits are refused,
// identical ones (a header's fix-it seen from several units) count once.

#include "bot/model/finding.hpp"
#include "bot/model/result.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace medic::fix {

/// A file before and after the edits.
struct EditedFile {
    std::string before;
    std::string after;
};

/// Applies `edits` (offsets into the files as they are in `repo` now); the repository is only
/// read. Keyed by repository-relative path.
Result<std::map<std::string, EditedFile>> apply_edits(const std::filesystem::path& repo,
                                                      const std::vector<FixIt>& edits);

} // namespace medic::fix
