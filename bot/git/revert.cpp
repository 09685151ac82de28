#include "bot/git/revert.hpp"

#include "bot/git/handles.hpp"

namespace medic::git {

Result<std::string> revert_diff(const std::filesystem::path& repo, const std::string& commit) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    MEDIC_TRY(repository, open_repository(repo));
    MEDIC_TRY(undone, lookup_commit(repository->get(), commit));
    if (git_commit_parentcount(undone->get()) == 0)
        return fail(ErrorCode::invalid_input, "commit " + commit.substr(0, 12) +
                                                  " has no parent: there is nothing to revert to");
    GitCommit parent;
    GitTree undone_tree;
    GitTree parent_tree;
    if (git_commit_parent(parent.out(), undone->get(), 0) != 0 ||
        git_commit_tree(undone_tree.out(), undone->get()) != 0 ||
        git_commit_tree(parent_tree.out(), parent.get()) != 0)
        return git_failure(ErrorCode::unavailable,
                           "cannot read commit " + commit.substr(0, 12) + " and its parent");
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    GitDiff diff;
    GitBuffer text;
    if (git_diff_tree_to_tree(diff.out(), repository->get(), undone_tree.get(), parent_tree.get(),
                              &options) != 0 ||
        git_diff_to_buf(text.out(), diff.get(), GIT_DIFF_FORMAT_PATCH) != 0)
        return git_failure(ErrorCode::unavailable,
                           "cannot diff commit " + commit.substr(0, 12) + " against its parent");
    return std::string(text.view());
}

} // namespace medic::git
