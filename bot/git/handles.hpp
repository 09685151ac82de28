#pragma once
// Internal to medic_git, the one library that calls libgit2: RAII owners for its handles (no
// code path can leak one or free it twice), its one start-up, and its errors as Medic's.

#include "bot/model/result.hpp"

#include <filesystem>
#include <git2.h>
#include <string>
#include <string_view>
#include <utility>

namespace medic::git {

/// Owns one libgit2 object and frees it with `Free`; `out()` fits libgit2's `T**` out-parameters.
template <typename T, void (*Free)(T*)>
class GitOwner {
public:
    GitOwner() = default;
    explicit GitOwner(T* handle) : m_handle(handle) {}
    ~GitOwner() { reset(); }
    GitOwner(GitOwner&& other) noexcept : m_handle(other.release()) {}
    GitOwner& operator=(GitOwner&& other) noexcept {
        if (this != &other)
            reset(other.release());
        return *this;
    }
    GitOwner(const GitOwner&) = delete;
    GitOwner& operator=(const GitOwner&) = delete;

    [[nodiscard]] T* get() const { return m_handle; }
    explicit operator bool() const { return m_handle != nullptr; }
    /// Frees any current handle and returns the slot for a libgit2 call to fill.
    T** out() {
        reset();
        return &m_handle;
    }
    /// Gives up ownership without freeing.
    T* release() { return std::exchange(m_handle, nullptr); }
    /// Frees the current handle (if any) and takes `handle`.
    void reset(T* handle = nullptr) {
        if (T* old = std::exchange(m_handle, handle))
            Free(old);
    }

private:
    T* m_handle = nullptr;
};

using GitRepository = GitOwner<git_repository, git_repository_free>;
using GitDiff = GitOwner<git_diff, git_diff_free>;
using GitDiffStats = GitOwner<git_diff_stats, git_diff_stats_free>;
using GitPatch = GitOwner<git_patch, git_patch_free>;
using GitTree = GitOwner<git_tree, git_tree_free>;
using GitTreeBuilder = GitOwner<git_treebuilder, git_treebuilder_free>;
using GitIndex = GitOwner<git_index, git_index_free>;
using GitIndexConflicts = GitOwner<git_index_conflict_iterator, git_index_conflict_iterator_free>;
using GitBlob = GitOwner<git_blob, git_blob_free>;
using GitCommit = GitOwner<git_commit, git_commit_free>;
using GitObject = GitOwner<git_object, git_object_free>;
using GitReference = GitOwner<git_reference, git_reference_free>;
using GitRemote = GitOwner<git_remote, git_remote_free>;
using GitSignature = GitOwner<git_signature, git_signature_free>;

/// A git_buf that disposes of its memory; libgit2 fills it through `out()`.
class GitBuffer {
public:
    GitBuffer() = default;
    ~GitBuffer() { git_buf_dispose(&m_buffer); }
    GitBuffer(const GitBuffer&) = delete;
    GitBuffer& operator=(const GitBuffer&) = delete;

    [[nodiscard]] git_buf* out() {
        git_buf_dispose(&m_buffer);
        return &m_buffer;
    }
    /// The bytes libgit2 wrote (empty before any call).
    [[nodiscard]] std::string_view view() const {
        return m_buffer.ptr == nullptr ? std::string_view{}
                                       : std::string_view(m_buffer.ptr, m_buffer.size);
    }

private:
    git_buf m_buffer = GIT_BUF_INIT;
};

/// Starts libgit2 once for the whole process (it stays up until exit); every public function of
/// medic_git calls this first. Fails when libgit2 cannot start (out of memory, TLS set-up).
Result<void> start_libgit2();

/// The message of the last libgit2 error on this thread, or a placeholder when there is none.
std::string git_error_text();

/// A failure whose message is `what` followed by libgit2's own explanation.
std::unexpected<Error> git_failure(ErrorCode code, std::string_view what);

/// Opens the repository at exactly `path` (no search upwards); `purpose` ends the error message
/// (e.g. " (validation needs one: run git init and commit)").
Result<GitRepository> open_repository(const std::filesystem::path& path,
                                      std::string_view purpose = "");

/// The commit whose full id is `id`; not_found when the repository lacks it.
Result<GitCommit> lookup_commit(git_repository* repository, const std::string& id);

/// The full hexadecimal form of an object id.
std::string hex(const git_oid& id);

} // namespace medic::git
