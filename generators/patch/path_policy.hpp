#pragma once
// Which paths a patch may touch: safe ones (relative, normalised, inside the repository, never
// under .git) that an allowed file or folder covers. Log text never widens this set.

#include "bot/git/parsed_diff.hpp"
#include "bot/model/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::patch {

/// Why `path` cannot be a repository-relative file path, or nullopt when it can.
std::optional<std::string> path_problem(std::string_view path);

/// True when `allowed` names `path` itself or a folder ("src/", trailing '/') above it.
bool is_allowed(std::string_view path, const std::vector<std::string>& allowed);

/// Every old and new path of `diff` must be safe, allowed, and outside `vendored` (folders of
/// code the repository did not write, which no patch may touch even where `allowed` covers
/// them); the error lists each offender with its reason, and the allowed set.
Result<void> check_paths(const git::ParsedDiff& diff, const std::vector<std::string>& allowed,
                         const std::vector<std::string>& vendored = {});

} // namespace medic::patch
