#pragma once
// ValidationWorktree: the git worktree (bot/git) a fix is validated in, never the user's checkout.
// One worktree per slot, reset to the base commit for every attempt, so the build directory next
// to it stays warm and an attempt only rebuilds what it changes.

#include "bot/model/file_descriptor.hpp"
#include "bot/model/result.hpp"

#include <filesystem>
#include <string>

namespace medic::validate {

class ValidationWorktree {
public:
    /// Opens the worktree of `repo` at `path` for this process alone, adding it when it does not
    /// exist (or when its folder was deleted). The lock `<path>.lock` is held as long as the
    /// object lives: another Medic on the same validation state is refused with the pid that
    /// holds it. What a killed run left behind — its branch, a worktree record, `index.lock` — is
    /// recovered. Each path has a worktree of its own name, so several work directories per
    /// repository work side by side.
    static Result<ValidationWorktree> open(const std::filesystem::path& repo,
                                           const std::filesystem::path& path);

    /// Checks out `revision` (detached; any commit-ish) with every local change and untracked
    /// file removed; returns the commit id.
    Result<std::string> reset_to(const std::string& revision);

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    ValidationWorktree(std::filesystem::path repo, std::filesystem::path path, FileDescriptor lock)
        : m_repo(std::move(repo)), m_path(std::move(path)), m_lock(std::move(lock)) {}

    std::filesystem::path m_repo;
    std::filesystem::path m_path;
    FileDescriptor m_lock;
};

/// The git worktree name Medic gives the validation worktree at `path`: "medic-validate-" and a
/// hash of the path, so two work directories never claim the same record.
std::string worktree_name(const std::filesystem::path& path);

} // namespace medic::validate
