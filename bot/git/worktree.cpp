#include "bot/git/worktree.hpp"

#include "bot/git/handles.hpp"
#include "bot/model/result.hpp"

namespace medic::git {

namespace fs = std::filesystem;

namespace {

using GitWorktree = GitOwner<git_worktree, git_worktree_free>;

/// Drops a worktree whose folder is gone, so it can be added again.
void prune_stale(git_repository* repository, const std::string& name) {
    GitWorktree stale;
    if (git_worktree_lookup(stale.out(), repository, name.c_str()) != 0)
        return;
    if (git_worktree_validate(stale.get()) == 0)
        return;
    git_worktree_prune_options options = GIT_WORKTREE_PRUNE_OPTIONS_INIT;
    options.flags = GIT_WORKTREE_PRUNE_VALID | GIT_WORKTREE_PRUNE_WORKING_TREE;
    git_worktree_prune(stale.get(), &options);
}

/// True when `path` is a worktree of `repository` that still works: not one left behind by a
/// repository that was deleted or re-created at the same place (its .git file then points at
/// metadata that is gone or belongs to another repository).
bool is_live_worktree_of(git_repository* repository, const fs::path& path) {
    GitRepository worktree;
    if (git_repository_open_ext(worktree.out(), path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                nullptr) != 0)
        return false;
    std::error_code error;
    auto const ours = fs::weakly_canonical(git_repository_commondir(repository), error);
    auto const theirs = fs::weakly_canonical(git_repository_commondir(worktree.get()), error);
    return !error && ours == theirs;
}

void delete_local_branch(git_repository* repository, const std::string& name) {
    GitReference branch;
    if (git_branch_lookup(branch.out(), repository, name.c_str(), GIT_BRANCH_LOCAL) == 0)
        git_branch_delete(branch.get());
}

bool has_local_branch(git_repository* repository, const std::string& name) {
    GitReference branch;
    return git_branch_lookup(branch.out(), repository, name.c_str(), GIT_BRANCH_LOCAL) == 0;
}

/// Adds the worktree. A branch of that name left by a process killed in between would make the
/// add fail: it goes first.
Result<void> add_worktree(git_repository* repository, const fs::path& path,
                          const std::string& name) {
    prune_stale(repository, name);
    delete_local_branch(repository, name);
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    GitWorktree worktree;
    if (git_worktree_add(worktree.out(), repository, name.c_str(), path.c_str(), nullptr) != 0)
        return git_failure(ErrorCode::conflict, "cannot add the worktree " + path.string());
    return {};
}

/// The commit `revision` names in `repository`.
Result<GitObject> find_commit(git_repository* repository, const std::string& revision,
                              const fs::path& where) {
    GitObject commit;
    if (git_revparse_single(commit.out(), repository, (revision + "^{commit}").c_str()) != 0)
        return git_failure(ErrorCode::not_found,
                           "no commit '" + revision + "' in " + where.string());
    return commit;
}

} // namespace

Result<std::string> resolve_commit(const fs::path& repo, const std::string& revision) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    MEDIC_TRY(repository, open_repository(repo));
    MEDIC_TRY(commit, find_commit(repository->get(), revision, repo));
    return hex(*git_object_id(commit->get()));
}

Result<void> ensure_detached_worktree(const fs::path& repo, const fs::path& path,
                                      const std::string& name) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    MEDIC_TRY(repository, open_repository(repo));
    if (fs::exists(path / ".git") && !is_live_worktree_of(repository->get(), path)) {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    bool const fresh = !fs::exists(path / ".git");
    if (fresh)
        MEDIC_RETURN_IF_ERROR(add_worktree(repository->get(), path, name));
    // git makes a branch of the worktree's name and checks it out: detach the worktree's HEAD,
    // then delete the branch (also when a killed process left it behind).
    if (fresh || has_local_branch(repository->get(), name)) {
        MEDIC_RETURN_IF_ERROR(checkout_detached(path, "HEAD"));
        MEDIC_TRY(reopened, open_repository(repo)); // sees the worktree's new HEAD
        delete_local_branch(reopened->get(), name);
    }
    return {};
}

Result<std::string> checkout_detached(const fs::path& path, const std::string& revision) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    MEDIC_TRY(repository, open_repository(path));
    MEDIC_TRY(found, find_commit(repository->get(), revision, path));
    auto const& commit = *found;
    std::error_code ignored;
    fs::remove(fs::path(git_repository_path(repository->get())) / "index.lock", ignored);
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
    if (git_checkout_tree(repository->get(), commit.get(), &options) != 0 ||
        git_repository_set_head_detached(repository->get(), git_object_id(commit.get())) != 0)
        return git_failure(ErrorCode::conflict,
                           "cannot check out " + revision + " in " + path.string());
    return hex(*git_object_id(commit.get()));
}

} // namespace medic::git
