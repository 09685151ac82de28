#include "bot/validate/worktree.hpp"

#include "bot/git/worktree.hpp"
#include "bot/model/file_lock.hpp"
#include "bot/model/result.hpp"

#include <cstdio>

namespace medic::validate {

namespace fs = std::filesystem;

namespace {

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

} // namespace

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
    if (!fs::exists(repo / ".git"))
        return fail(ErrorCode::not_found, repo.string() + " is not a git repository (validation "
                                                          "needs one: run git init and commit)");
    MEDIC_TRY(lock, lock_state(path));
    MEDIC_RETURN_IF_ERROR(git::ensure_detached_worktree(repo, path, worktree_name(path)));
    return ValidationWorktree(repo, path, std::move(*lock));
}

Result<std::string> ValidationWorktree::reset_to(const std::string& revision) {
    return git::checkout_detached(m_path, revision);
}

} // namespace medic::validate
