#pragma once
// Commits a fix onto its own branch (libgit2) without touching the user's checkout: blobs and
// trees are written straight into the object database. Re-publishing the same files converges
// on the same branch and commit (SPEC "Publish": never a duplicate). Pushing it is
// bot/git/remote.hpp (included here for push_branch's callers).

#include "bot/git/remote.hpp"
#include "bot/model/result.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace medic::git {

/// Who a commit is from.
struct Author {
    std::string name;
    std::string email;
};

/// One fix's commit: the files it changes on top of `base_commit`.
struct BranchCommit {
    std::string branch;      ///< e.g. medic/slow/shop-apply-coupon-handle-69ecf7a1
    std::string base_commit; ///< Full id.
    std::map<std::string, std::optional<std::string>> files; ///< path -> content (nullopt: deleted)
    std::string message;
    Author author;
    /// Files whose content alone changing is no reason for a new commit (a fix record that
    /// quotes this run's measurements): the branch keeps its commit if nothing else differs.
    std::vector<std::string> volatile_paths;
};

/// What publishing a branch did.
struct BranchUpdate {
    std::string commit;   ///< The branch's commit now.
    bool changed = false; ///< False when the branch already held exactly this change.
};

/// Points refs/heads/<branch> at a commit with `files` applied to `base_commit`. An existing
/// branch whose commit has the same parent and the same tree (volatile_paths aside) is left
/// alone.
Result<BranchUpdate> commit_to_branch(const std::filesystem::path& repo,
                                      const BranchCommit& commit);

/// Creates a bare repository at `path` unless one is there already (a local remote to push to).
Result<void> ensure_bare_repository(const std::filesystem::path& path);
/// Creates a repository with a working tree at `path` unless one is there already.
Result<void> ensure_repository(const std::filesystem::path& path);

/// The URL of `repo`'s remote called `name`, when it has one.
std::optional<std::string> remote_url(const std::filesystem::path& repo, const std::string& name);

} // namespace medic::git
