#pragma once
// libgit2 helpers github/ shares on top of generators/patch/git_handles.hpp: opening a
// repository as a Result, and object ids as text.

#include "bot/model/result.hpp"
#include "generators/patch/git_handles.hpp"

#include <filesystem>
#include <string>

namespace medic::github {

/// Opens the repository at exactly `path` (no search upwards).
inline Result<patch::GitRepository> open_repository(const std::filesystem::path& path) {
    patch::GitRepository repository;
    if (git_repository_open_ext(repository.out(), path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                nullptr) != 0)
        return patch::git_failure(ErrorCode::not_found, path.string() + " is not a git repository");
    return repository;
}

/// The full hexadecimal form of an object id.
inline std::string hex(const git_oid& id) {
    char text[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(text, sizeof text, &id);
    return text;
}

} // namespace medic::github
