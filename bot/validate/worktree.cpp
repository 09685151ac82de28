#include "bot/validate/worktree.hpp"

#include "bot/model/file_lock.hpp"
#include "bot/model/result.hpp"
#include "generators/patch/git_handles.hpp"

#include <cstdio>

namespace medic::validate {

namespace fs = std::filesystem;
using patch::git_failure;

namespace {

using GitWorktree = patch::GitOwner<git_worktree, git_worktree_free>;

Result<patch::GitRepository> open_repository(const fs::path& path) {
    patch::GitRepository repository;
    if (git_repository_open_ext(repository.out(), path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                nullptr) != 0)
        return git_failure(ErrorCode::not_found,
                           path.string() + " is not a git repository (validation needs one: "
                                           "run git init and commit)");
    return repository;
}

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
    patch::GitRepository worktree;
    if (git_repository_open_ext(worktree.out(), path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                nullptr) != 0)
        return false;
    std::error_code error;
    auto const ours = fs::weakly_canonical(git_repository_commondir(repository), error);
    auto const theirs = fs::weakly_canonical(git_repository_commondir(worktree.get()), error);
    return !error && ours == theirs;
}

void delete_worktree_branch(const fs::path& repo, const std::string& name) {
    auto repository = open_repository(repo);
    patch::GitReference branch;
    if (repository &&
        git_branch_lookup(branch.out(), repository->get(), name.c_str(), GIT_BRANCH_LOCAL) == 0)
        git_branch_delete(branch.get());
}

bool has_local_branch(git_repository* repository, const std::string& name) {
    patch::GitReference branch;
    return git_branch_lookup(branch.out(), repository, name.c_str(), GIT_BRANCH_LOCAL) == 0;
}

/// Takes the lock of the validation state at `path`, or says which process holds it.
Result<FileDescriptor> lock_state(const fs::path& path) {
    auto lock = lock_file(path.string() + ".lock", LockWait::no);
    if (!lock && lock.error().code == ErrorCode::conflict)
        return fail(ErrorCode::conflict, "the validation state " + path.parent_path().string() +
                                             " is in use by another Medic (" +
                                             lock.error().message +
                                             "): wait for it to finish, or give this run its own "
                                             "--work-dir");
    return lock;
}

/// Adds the worktree and removes the branch libgit2 creates for it: HEAD is detached anyway.
/// A branch of that name left by a run killed in between would make the add fail: it goes first.
Result<void> add_worktree(git_repository* repository, const fs::path& repo, const fs::path& path,
                          const std::string& name) {
    prune_stale(repository, name);
    delete_worktree_branch(repo, name);
    fs::create_directories(path.parent_path());
    GitWorktree worktree;
    if (git_worktree_add(worktree.out(), repository, name.c_str(), path.c_str(), nullptr) != 0)
        return git_failure(ErrorCode::conflict,
                           "cannot add the validation worktree " + path.string());
    return {};
}

/// The commit `revision` names in `repository`.
Result<patch::GitObject> find_commit(git_repository* repository, const std::string& revision,
                                     const std::string& where) {
    patch::GitObject commit;
    if (git_revparse_single(commit.out(), repository, (revision + "^{commit}").c_str()) != 0)
        return git_failure(ErrorCode::not_found, "no commit '" + revision + "' " + where);
    return commit;
}

std::string hex_id(const git_object* object) {
    char id[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(id, sizeof id, git_object_id(object));
    return id;
}

} // namespace

Result<std::string> resolve_commit(const fs::path& repo, const std::string& revision) {
    patch::GitLibrary library;
    MEDIC_TRY(repository, open_repository(repo));
    MEDIC_TRY(commit, find_commit(repository->get(), revision, "in " + repo.string()));
    return hex_id(commit->get());
}

std::string worktree_name(const fs::path& path) {
    std::error_code error;
    auto const canonical = fs::weakly_canonical(path, error).string();
    std::uint32_t hash = 2166136261u; // FNV-1a: stable across runs and builds
    for (unsigned char const c : canonical)
        hash = (hash ^ c) * 16777619u;
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", hash);
    return std::string("medic-validate-") + hex;
}

Result<ValidationWorktree> ValidationWorktree::open(const fs::path& repo, const fs::path& path) {
    patch::GitLibrary library;
    MEDIC_TRY(repository, open_repository(repo));
    MEDIC_TRY(lock, lock_state(path));
    auto const name = worktree_name(path);
    if (fs::exists(path / ".git") && !is_live_worktree_of(repository->get(), path)) {
        std::error_code ignored;
        fs::remove_all(path, ignored); // a stale checkout; the build directory beside it stays
    }
    bool const fresh = !fs::exists(path / ".git");
    if (fresh)
        MEDIC_RETURN_IF_ERROR(add_worktree(repository->get(), repo, path, name));
    ValidationWorktree worktree(repo, path, std::move(*lock));
    // git makes a branch of the worktree's name and checks it out: detach the worktree's HEAD,
    // then delete the branch (also when a killed run left it behind), so no branch of Medic's
    // stays in the repository.
    if (fresh || has_local_branch(repository->get(), name)) {
        MEDIC_RETURN_IF_ERROR(worktree.reset_to("HEAD"));
        delete_worktree_branch(repo, name);
    }
    return worktree;
}

Result<std::string> ValidationWorktree::reset_to(const std::string& revision) {
    patch::GitLibrary library;
    MEDIC_TRY(repository, open_repository(m_path));
    MEDIC_TRY(found, find_commit(repository->get(), revision, "to validate on"));
    auto const& commit = *found;
    // This process holds the state's lock, so an index.lock is a killed run's leftover.
    std::error_code ignored;
    fs::remove(fs::path(git_repository_path(repository->get())) / "index.lock", ignored);
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
    if (git_checkout_tree(repository->get(), commit.get(), &options) != 0 ||
        git_repository_set_head_detached(repository->get(), git_object_id(commit.get())) != 0)
        return git_failure(ErrorCode::conflict,
                           "cannot check out " + revision + " in " + m_path.string());
    return hex_id(commit.get());
}

} // namespace medic::validate
