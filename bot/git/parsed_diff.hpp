#pragma once
// What a unified diff changes, read by libgit2's patch parser: the files and line counts a
// policy or a reviewer needs before anything is applied.

#include "bot/model/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace medic::git {

/// How a diff changes one file.
enum class FileStatus { added, deleted, modified, renamed };

/// One file a diff touches. For an added or deleted file both paths name that file.
struct FileChange {
    std::string old_path; ///< Repository-relative, without git's "a/" prefix.
    std::string new_path; ///< Repository-relative, without git's "b/" prefix.
    FileStatus status = FileStatus::modified;
};

/// The files a diff touches, in diff order, and how many lines it adds and removes.
struct ParsedDiff {
    std::vector<FileChange> files;
    std::size_t lines_added = 0;
    std::size_t lines_removed = 0;
};

/// Parses a git-style unified diff (```diff fences and a missing final newline tolerated);
/// text that is not one is invalid_input with a message a model can act on.
Result<ParsedDiff> parse_diff(std::string_view text);

/// Every old and new path the diff touches, sorted, each once.
std::vector<std::string> touched_paths(const ParsedDiff& diff);

/// The lower-case name of a status ("added", ...), for messages and JSON.
std::string_view to_string(FileStatus status);

} // namespace medic::git
