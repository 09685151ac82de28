#include "bot/git/unified_diff.hpp"

#include "bot/git/handles.hpp"

namespace medic::git {
namespace {

/// libgit2 reads a null buffer as "no file", which is what marks additions and deletions.
const char* data_or_null(const std::optional<std::string_view>& text) {
    return text ? text->data() : nullptr;
}

std::size_t size_or_zero(const std::optional<std::string_view>& text) {
    return text ? text->size() : 0;
}

} // namespace

Result<std::string> unified_diff(std::string_view path, std::optional<std::string_view> old_text,
                                 std::optional<std::string_view> new_text) {
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.context_lines = 3;
    std::string const path_text(path);
    // An empty but present side still needs a non-null pointer, or it would read as absent.
    static constexpr char k_empty[] = "";
    if (old_text && old_text->empty())
        old_text = std::string_view(k_empty, 0);
    if (new_text && new_text->empty())
        new_text = std::string_view(k_empty, 0);

    GitPatch patch;
    if (git_patch_from_buffers(patch.out(), data_or_null(old_text), size_or_zero(old_text),
                               path_text.c_str(), data_or_null(new_text), size_or_zero(new_text),
                               path_text.c_str(), &options) < 0)
        return git_failure(ErrorCode::internal, "diffing " + path_text);
    GitBuffer text;
    if (git_patch_to_buf(text.out(), patch.get()) < 0)
        return git_failure(ErrorCode::internal, "printing the diff of " + path_text);
    return std::string(text.view());
}

std::string join_diffs(const std::vector<std::string>& diffs) {
    std::string joined;
    for (auto const& diff : diffs) {
        joined += diff;
        if (!joined.empty() && joined.back() != '\n')
            joined += '\n';
    }
    return joined;
}

} // namespace medic::git
