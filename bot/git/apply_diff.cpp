#include "bot/git/apply_diff.hpp"

#include "bot/git/diff_loader.hpp"
#include "bot/git/scratch_repository.hpp"
#include "bot/model/result.hpp"

namespace medic::git {
namespace {

/// Where libgit2 is while applying (it reports the file and hunk before trying them), so a
/// failure can name both.
struct ApplyProgress {
    std::string path;
    std::size_t hunk = 0; ///< 1-based; 0 before the file's first hunk.
    std::string header;
};

int on_delta(const git_diff_delta* delta, void* payload) {
    auto& progress = *static_cast<ApplyProgress*>(payload);
    progress.path = delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path;
    progress.hunk = 0;
    progress.header.clear();
    return 0;
}

int on_hunk(const git_diff_hunk* hunk, void* payload) {
    auto& progress = *static_cast<ApplyProgress*>(payload);
    ++progress.hunk;
    progress.header.assign(hunk->header, hunk->header_len);
    while (!progress.header.empty() &&
           (progress.header.back() == '\n' || progress.header.back() == '\r'))
        progress.header.pop_back();
    return 0;
}

Error apply_conflict(const ApplyProgress& progress) {
    if (progress.hunk == 0)
        return Error{ErrorCode::conflict, "the diff does not apply to " + progress.path + ": " +
                                              git_error_text() +
                                              "; regenerate it from the file's current contents"};
    return Error{ErrorCode::conflict,
                 "hunk " + std::to_string(progress.hunk) + " of " + progress.path + " (" +
                     progress.header + ") does not apply: " + git_error_text() +
                     ". Its context and '-' lines must match the current file exactly, at the "
                     "line numbers its @@ header gives (nearby lines are not searched); re-read "
                     "the file and regenerate this hunk"};
}

/// The text a deletion's hunks remove, as the file held it.
Result<std::string> removed_text(git_diff& diff, std::size_t delta_index) {
    GitPatch patch;
    if (git_patch_from_diff(patch.out(), &diff, delta_index) < 0)
        return git_failure(ErrorCode::internal, "reading a deletion's hunks");
    std::string removed;
    for (std::size_t hunk = 0; hunk < git_patch_num_hunks(patch.get()); ++hunk) {
        int const lines = git_patch_num_lines_in_hunk(patch.get(), hunk);
        for (int i = 0; i < lines; ++i) {
            git_diff_line const* line = nullptr;
            if (git_patch_get_line_in_hunk(&line, patch.get(), hunk, static_cast<std::size_t>(i)) <
                0)
                return git_failure(ErrorCode::internal, "reading a deletion's lines");
            if (line->origin == GIT_DIFF_LINE_DELETION)
                removed.append(line->content, line->content_len);
            else if (line->origin == GIT_DIFF_LINE_DEL_EOFNL && removed.ends_with('\n'))
                removed.pop_back();
        }
    }
    return removed;
}

/// libgit2 skips a deletion's hunks, so check here that it removes what the file holds.
Result<void> check_deletions(git_diff& diff, const std::map<std::string, BaseFile>& base) {
    for (std::size_t i = 0; i < git_diff_num_deltas(&diff); ++i) {
        git_diff_delta const& delta = *git_diff_get_delta(&diff, i);
        if (delta.status != GIT_DELTA_DELETED)
            continue;
        MEDIC_TRY(removed, removed_text(diff, i));
        if (*removed != base.at(delta.old_file.path).content)
            return fail(ErrorCode::conflict,
                        "the deletion of " + std::string(delta.old_file.path) +
                            " does not apply: its '-' lines are not the file's current contents; "
                            "regenerate the deletion from the current file");
    }
    return {};
}

Result<GitIndex> apply_to_tree(const ScratchRepository& scratch, git_tree& base, git_diff& diff) {
    ApplyProgress progress;
    git_apply_options options = GIT_APPLY_OPTIONS_INIT;
    options.delta_cb = on_delta;
    options.hunk_cb = on_hunk;
    options.payload = &progress;
    GitIndex postimage;
    if (git_apply_to_tree(postimage.out(), &scratch.repository(), &base, &diff, &options) < 0)
        return std::unexpected(apply_conflict(progress));
    return postimage;
}

Result<PatchedFiles> collect(const ScratchRepository& scratch, git_index& postimage,
                             const ParsedDiff& parsed) {
    PatchedFiles applied;
    for (auto const& change : parsed.files)
        if (change.status == FileStatus::deleted || change.status == FileStatus::renamed)
            applied[change.old_path] = std::nullopt;
    for (auto const& change : parsed.files) {
        if (change.status == FileStatus::deleted)
            continue;
        MEDIC_TRY(content, scratch.read_file(postimage, change.new_path));
        if (!*content)
            return fail(ErrorCode::internal, "libgit2 applied the diff but " + change.new_path +
                                                 " is missing from the result");
        applied[change.new_path] = std::move(**content);
    }
    return applied;
}

} // namespace

Result<PatchedFiles> apply_diff(std::string_view diff,
                                const std::map<std::string, BaseFile>& base) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    MEDIC_TRY(loaded, load_diff(diff));
    MEDIC_TRY(parsed, describe_diff(*loaded->get()));
    for (auto const& change : parsed->files)
        if (change.status != FileStatus::added && !base.contains(change.old_path))
            return fail(ErrorCode::invalid_input, "no base contents given for " + change.old_path);
    MEDIC_RETURN_IF_ERROR(check_deletions(*loaded->get(), base));
    MEDIC_TRY(scratch, ScratchRepository::create());
    MEDIC_TRY(base_tree, scratch->write_tree(base));
    MEDIC_TRY(postimage, apply_to_tree(*scratch, *base_tree->get(), *loaded->get()));
    return collect(*scratch, *postimage->get(), *parsed);
}

} // namespace medic::git
