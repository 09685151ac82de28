#include "bot/git/merge_check.hpp"

#include "bot/git/handles.hpp"

#include <algorithm>

namespace medic::git {
namespace {

const char* path_of(const git_index_entry* ancestor, const git_index_entry* ours,
                    const git_index_entry* theirs) {
    for (const git_index_entry* entry : {ours, theirs, ancestor})
        if (entry != nullptr)
            return entry->path;
    return "";
}

Result<std::vector<std::string>> conflicting_paths(git_index* index) {
    GitIndexConflicts conflicts;
    if (git_index_conflict_iterator_new(conflicts.out(), index) != 0)
        return git_failure(ErrorCode::unavailable, "cannot list the merge's conflicts");
    std::vector<std::string> paths;
    const git_index_entry* ancestor = nullptr;
    const git_index_entry* ours = nullptr;
    const git_index_entry* theirs = nullptr;
    while (git_index_conflict_next(&ancestor, &ours, &theirs, conflicts.get()) == 0)
        paths.emplace_back(path_of(ancestor, ours, theirs));
    std::ranges::sort(paths);
    auto const [first, last] = std::ranges::unique(paths);
    paths.erase(first, last);
    return paths;
}

} // namespace

Result<std::vector<std::string>> merge_conflicts(const std::filesystem::path& repo,
                                                 const std::string& ours,
                                                 const std::string& theirs) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    MEDIC_TRY(repository, open_repository(repo));
    MEDIC_TRY(our_commit, lookup_commit(repository->get(), ours));
    MEDIC_TRY(their_commit, lookup_commit(repository->get(), theirs));
    git_merge_options options = GIT_MERGE_OPTIONS_INIT;
    GitIndex merged;
    if (git_merge_commits(merged.out(), repository->get(), our_commit->get(), their_commit->get(),
                          &options) != 0)
        return git_failure(ErrorCode::unavailable,
                           "cannot merge " + theirs.substr(0, 12) + " into " + ours.substr(0, 12));
    if (git_index_has_conflicts(merged.get()) == 0)
        return std::vector<std::string>{};
    return conflicting_paths(merged.get());
}

} // namespace medic::git
