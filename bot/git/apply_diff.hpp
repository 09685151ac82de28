#pragma once
// Applies a unified diff to given file contents with libgit2, in a throw-away bare repository:
// nothing the caller owns is written. Reading the files (and the rules on which may be read) is
// the caller's: generators/patch/apply_patch.hpp.

#include "bot/model/result.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace medic::git {

/// A file as the diff's base: its bytes and whether it is executable.
struct BaseFile {
    std::string content;
    bool executable = false;
};

/// New full contents per path a diff touches; nullopt: the diff deletes (or renames away) it.
using PatchedFiles = std::map<std::string, std::optional<std::string>>;

/// Applies `diff` to `base` (every file the diff modifies, deletes or renames, by
/// repository-relative path). A hunk that does not apply is a conflict naming the file and hunk,
/// worded so a model can repair it; so is a deletion whose '-' lines are not the file.
Result<PatchedFiles> apply_diff(std::string_view diff, const std::map<std::string, BaseFile>& base);

} // namespace medic::git
