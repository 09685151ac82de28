#pragma once
// ValidationWorktree: the git worktree (libgit2) a fix is validated in, never the user's checkout.
// One worktree per slot, reset to the base commit for every attempt, so the build directory next
// to it stays warm and an attempt only rebuilds what it changes.

#include "bot/model/result.hpp"

#include <filesystem>
#include <string>

namespace medic::validate {

class ValidationWorktree {
public:
    /// Opens the worktree `name` of `repo` at `path`, adding it when it does not exist (or when
    /// its folder was deleted).
    static Result<ValidationWorktree> open(const std::filesystem::path& repo,
                                           const std::filesystem::path& path,
                                           const std::string& name);

    /// Checks out `revision` (detached; any commit-ish) with every local change and untracked
    /// file removed; returns the commit id.
    Result<std::string> reset_to(const std::string& revision);

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    ValidationWorktree(std::filesystem::path repo, std::filesystem::path path)
        : m_repo(std::move(repo)), m_path(std::move(path)) {}

    std::filesystem::path m_repo;
    std::filesystem::path m_path;
};

/// The full id of `revision` (e.g. "HEAD") in `repo`.
Result<std::string> resolve_commit(const std::filesystem::path& repo, const std::string& revision);

} // namespace medic::validate
