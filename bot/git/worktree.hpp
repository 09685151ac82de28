#pragma once
// Linked worktrees (libgit2) with a detached HEAD: a checkout of any commit beside the user's,
// sharing the repository's objects and never leaving a branch behind.

#include "bot/model/result.hpp"

#include <filesystem>
#include <string>

namespace medic::git {

/// Makes `path` a working worktree of `repo` called `name`, with a detached HEAD and no branch
/// of that name left in the repository. A worktree already there is kept; one left behind by a
/// deleted or re-created repository is replaced (the files around `path` stay); a record or
/// branch of `name` that a killed process left is cleaned up first.
Result<void> ensure_detached_worktree(const std::filesystem::path& repo,
                                      const std::filesystem::path& path, const std::string& name);

/// Checks out `revision` (any commit-ish) in the worktree or checkout at `path`, detached, with
/// every local change and untracked file removed; returns the commit id. A stale index.lock is
/// removed first: the caller must hold whatever lock guards `path`.
Result<std::string> checkout_detached(const std::filesystem::path& path,
                                      const std::string& revision);

/// The full id of the commit `revision` (e.g. "HEAD", a branch, a ref) names in `repo`.
Result<std::string> resolve_commit(const std::filesystem::path& repo, const std::string& revision);

} // namespace medic::git
