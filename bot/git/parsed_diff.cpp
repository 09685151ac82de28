#include "bot/git/parsed_diff.hpp"

#include "bot/git/diff_loader.hpp"
#include "bot/model/result.hpp"

#include <algorithm>

namespace medic::git {

Result<ParsedDiff> parse_diff(std::string_view text) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    MEDIC_TRY(diff, load_diff(text));
    return describe_diff(*diff->get());
}

std::vector<std::string> touched_paths(const ParsedDiff& diff) {
    std::vector<std::string> paths;
    for (auto const& file : diff.files) {
        paths.push_back(file.old_path);
        paths.push_back(file.new_path);
    }
    std::ranges::sort(paths);
    auto const duplicates = std::ranges::unique(paths);
    paths.erase(duplicates.begin(), duplicates.end());
    return paths;
}

std::string_view to_string(FileStatus status) {
    switch (status) {
    case FileStatus::added:
        return "added";
    case FileStatus::deleted:
        return "deleted";
    case FileStatus::modified:
        return "modified";
    case FileStatus::renamed:
        return "renamed";
    }
    return "modified";
}

} // namespace medic::git
