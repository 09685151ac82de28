#include "bot/git/branches.hpp"

#include "bot/git/handles.hpp"
#include "bot/model/file_lock.hpp"
#include "bot/model/result.hpp"

#include <vector>

namespace medic::git {

namespace fs = std::filesystem;

namespace {

using GitTreeUpdates = std::vector<git_tree_update>;
using GitTreeEntry = GitOwner<git_tree_entry, git_tree_entry_free>;

/// The tree of `base` with `files` written over it.
Result<git_oid> updated_tree(git_repository* repository, git_commit* base,
                             const BranchCommit& commit) {
    GitTreeUpdates updates;
    for (auto const& [path, content] : commit.files) {
        git_tree_update update{};
        update.path = path.c_str();
        update.filemode = GIT_FILEMODE_BLOB;
        update.action = content ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
        if (content && git_blob_create_from_buffer(&update.id, repository, content->data(),
                                                   content->size()) != 0)
            return git_failure(ErrorCode::internal, "storing " + path);
        updates.push_back(update);
    }
    GitTree base_tree;
    git_oid tree_id;
    if (git_commit_tree(base_tree.out(), base) != 0 ||
        git_tree_create_updated(&tree_id, repository, base_tree.get(), updates.size(),
                                updates.data()) != 0)
        return git_failure(ErrorCode::internal, "building the tree of " + commit.branch);
    return tree_id;
}

/// `commit` with its volatile files as `current` has them (absent there: as given).
BranchCommit with_volatile_files_of(git_repository* repository, git_commit* current,
                                    BranchCommit commit) {
    GitTree tree;
    if (git_commit_tree(tree.out(), current) != 0)
        return commit;
    for (auto const& path : commit.volatile_paths) {
        GitTreeEntry found;
        GitBlob blob;
        if (git_tree_entry_bypath(found.out(), tree.get(), path.c_str()) != 0 ||
            git_blob_lookup(blob.out(), repository, git_tree_entry_id(found.get())) != 0)
            continue;
        commit.files[path] = std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                         static_cast<std::size_t>(git_blob_rawsize(blob.get())));
    }
    return commit;
}

/// The branch's current commit when it already holds this change on top of `base`.
std::optional<git_oid> same_change(git_repository* repository, git_commit* base,
                                   const BranchCommit& commit, const git_oid& tree) {
    GitReference reference;
    GitCommit current;
    if (git_branch_lookup(reference.out(), repository, commit.branch.c_str(), GIT_BRANCH_LOCAL) !=
            0 ||
        git_commit_lookup(current.out(), repository, git_reference_target(reference.get())) != 0)
        return std::nullopt;
    if (git_commit_parentcount(current.get()) != 1 ||
        git_oid_equal(git_commit_parent_id(current.get(), 0), git_commit_id(base)) == 0)
        return std::nullopt;
    auto const* current_tree = git_commit_tree_id(current.get());
    if (git_oid_equal(current_tree, &tree) != 0)
        return *git_commit_id(current.get());
    if (commit.volatile_paths.empty())
        return std::nullopt;
    auto const settled = with_volatile_files_of(repository, current.get(), commit);
    auto const settled_tree = updated_tree(repository, base, settled);
    if (!settled_tree || git_oid_equal(current_tree, &*settled_tree) == 0)
        return std::nullopt;
    return *git_commit_id(current.get());
}

Result<git_oid> write_commit(git_repository* repository, git_commit* base, const git_oid& tree_id,
                             const BranchCommit& commit) {
    GitSignature author;
    GitTree tree;
    if (git_signature_now(author.out(), commit.author.name.c_str(), commit.author.email.c_str()) !=
            0 ||
        git_tree_lookup(tree.out(), repository, &tree_id) != 0)
        return git_failure(ErrorCode::invalid_input, "preparing the commit for " + commit.branch);
    git_oid id;
    const git_commit* parents[] = {base};
    auto const ref = "refs/heads/" + commit.branch;
    GitReference existing;
    if (git_reference_lookup(existing.out(), repository, ref.c_str()) == 0)
        git_reference_delete(existing.get()); // Medic's own branch: replaced, not appended to
    if (git_commit_create(&id, repository, ref.c_str(), author.get(), author.get(), "UTF-8",
                          commit.message.c_str(), tree.get(), 1, parents) != 0)
        return git_failure(ErrorCode::conflict, "committing to " + commit.branch);
    return id;
}

/// Medic's branches are written by one Medic at a time per repository (a lock in its git
/// folder): a `.lock` of the branch's ref found while holding it was left by a killed run, which
/// git would refuse to write past for ever, and is removed.
Result<FileDescriptor> lock_medic_branches(git_repository* repository, const std::string& branch) {
    fs::path const git_dir = git_repository_commondir(repository);
    MEDIC_TRY(lock, lock_file(git_dir / "medic-branches.lock", LockWait::yes));
    std::error_code ignored;
    fs::remove(git_dir / "refs" / "heads" / (branch + ".lock"), ignored);
    return lock;
}

} // namespace

Result<BranchUpdate> commit_to_branch(const fs::path& repo, const BranchCommit& commit) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    MEDIC_TRY(repository, open_repository(repo));
    MEDIC_TRY(writing, lock_medic_branches(repository->get(), commit.branch));
    git_oid base_id;
    GitCommit base;
    if (git_oid_fromstr(&base_id, commit.base_commit.c_str()) != 0 ||
        git_commit_lookup(base.out(), repository->get(), &base_id) != 0)
        return git_failure(ErrorCode::not_found, "no base commit " + commit.base_commit);
    MEDIC_TRY(tree, updated_tree(repository->get(), base.get(), commit));
    if (auto same = same_change(repository->get(), base.get(), commit, *tree))
        return BranchUpdate{hex(*same), false};
    MEDIC_TRY(id, write_commit(repository->get(), base.get(), *tree, commit));
    return BranchUpdate{hex(*id), true};
}

namespace {

Result<void> ensure_repository_at(const fs::path& path, bool bare) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    GitRepository repository;
    int const opened = bare ? git_repository_open_bare(repository.out(), path.c_str())
                            : git_repository_open_ext(repository.out(), path.c_str(),
                                                      GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    if (opened == 0)
        return {};
    if (git_repository_init(repository.out(), path.c_str(), bare ? 1 : 0) != 0)
        return git_failure(ErrorCode::unavailable, std::string("cannot create a ") +
                                                       (bare ? "bare " : "") + "repository at " +
                                                       path.string());
    return {};
}

} // namespace

Result<void> ensure_bare_repository(const fs::path& path) {
    return ensure_repository_at(path, true);
}

Result<void> ensure_repository(const fs::path& path) {
    return ensure_repository_at(path, false);
}

std::optional<std::string> remote_url(const fs::path& repo, const std::string& name) {
    if (!start_libgit2())
        return std::nullopt;
    auto repository = open_repository(repo);
    GitRemote remote;
    if (!repository || git_remote_lookup(remote.out(), repository->get(), name.c_str()) != 0)
        return std::nullopt;
    auto const* url = git_remote_url(remote.get());
    return url ? std::optional<std::string>(url) : std::nullopt;
}

} // namespace medic::git
