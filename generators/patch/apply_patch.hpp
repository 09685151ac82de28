#pragma once
// Applies a unified diff with libgit2 to copies of a repository's files, never to the
// repository itself: the result is the new contents, for a scratch build or a commit.

#include "bot/model/result.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace medic::patch {

/// The outcome of applying a diff: new full contents per touched path (nullopt = deleted).
struct AppliedPatch {
    std::map<std::string, std::optional<std::string>> files;
};

/// Applies `diff` to the current files of `repo_dir` (a plain folder, a checkout with local
/// changes, or a sub-folder of one) without modifying it. A diff that does not apply is a
/// conflict naming the file and hunk, worded so a model can repair it.
Result<AppliedPatch> apply_patch(const std::filesystem::path& repo_dir, std::string_view diff);

} // namespace medic::patch
