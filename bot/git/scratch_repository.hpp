#pragma once
// Internal to medic_git: a throw-away bare repository in a temporary folder, where a diff is
// applied to copies of the files, so the caller's repository is never written to.

#include "bot/git/apply_diff.hpp"
#include "bot/git/handles.hpp"
#include "bot/model/result.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace medic::git {

/// A temporary folder removed with everything in it when the owner goes away.
class ScratchDir {
public:
    /// Makes a fresh folder under the system temp directory.
    static Result<ScratchDir> create();
    ~ScratchDir();
    ScratchDir(ScratchDir&& other) noexcept : m_path(std::exchange(other.m_path, {})) {}
    ScratchDir& operator=(ScratchDir&& other) noexcept;
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    explicit ScratchDir(std::filesystem::path path) : m_path(std::move(path)) {}
    std::filesystem::path m_path;
};

/// A bare repository in a ScratchDir; needs start_libgit2().
class ScratchRepository {
public:
    /// Initialises the bare repository in a new temporary folder.
    static Result<ScratchRepository> create();

    [[nodiscard]] git_repository& repository() const { return *m_repository.get(); }
    /// A tree holding exactly `files` (path -> file), built through an in-memory index.
    Result<GitTree> write_tree(const std::map<std::string, BaseFile>& files) const;
    /// The bytes of the blob `path` names in `index`, or nullopt when the index lacks it.
    Result<std::optional<std::string>> read_file(git_index& index, const std::string& path) const;

private:
    ScratchRepository(ScratchDir dir, GitRepository repository)
        : m_dir(std::move(dir)), m_repository(std::move(repository)) {}
    ScratchDir m_dir; // declared first: removed after the repository is closed
    GitRepository m_repository;
};

} // namespace medic::git
