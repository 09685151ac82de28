#include "bot/git/diff_loader.hpp"

#include "bot/model/result.hpp"
#include "bot/model/text.hpp"

#include <algorithm>
#include <cctype>

namespace medic::git {
namespace {

constexpr std::string_view k_not_a_diff = "the diff is not a unified diff: ";
constexpr std::string_view k_expected_format =
    " Give every changed file as a git diff: a `diff --git a/<path> b/<path>` line, then "
    "`--- a/<path>` and `+++ b/<path>` (or /dev/null with `new file mode 100644` / `deleted "
    "file mode 100644`), then `@@ -l,n +l,n @@` hunks whose line counts match.";

bool is_blank(std::string_view line) {
    return std::ranges::all_of(line, [](unsigned char c) { return std::isspace(c) != 0; });
}

bool is_fence(std::string_view line) {
    auto const start = line.find_first_not_of(" \t");
    return start != std::string_view::npos && line.substr(start).starts_with("```");
}

/// The start of the line after the one starting at `from`.
std::size_t next_line(std::string_view text, std::size_t from) {
    auto const end = text.find('\n', from);
    return end == std::string_view::npos ? text.size() : end + 1;
}

/// The line starting at `from`, newline included.
std::string_view line_at(std::string_view text, std::size_t from) {
    return text.substr(from, next_line(text, from) - from);
}

/// Inside a ```diff fence, the text up to the closing fence; otherwise the text unchanged. No
/// diff line can start with ``` (each starts with ' ', '+', '-', '@', '\\' or a header word).
std::string_view strip_fences(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size() && is_blank(line_at(text, start)))
        start = next_line(text, start);
    if (start == text.size() || !is_fence(line_at(text, start)))
        return text;
    std::string_view const body = text.substr(next_line(text, start));
    for (std::size_t at = 0; at < body.size(); at = next_line(body, at))
        if (is_fence(line_at(body, at)))
            return body.substr(0, at);
    return body;
}

/// A short, single-line quote of the text's start, so the reader sees what was sent.
std::string opening_of(std::string_view text) {
    std::string quote = utf8_prefix(text, 60);
    std::ranges::replace_if(quote, [](unsigned char c) { return c < 0x20; }, ' ');
    return "\"" + quote + (text.size() > 60 ? "...\"" : "\"");
}

Error not_a_diff(std::string_view text, std::string_view reason) {
    std::string message = std::string(k_not_a_diff) + std::string(reason);
    bool const headerless = text.find("diff --git ") == std::string_view::npos &&
                            (text.starts_with("--- ") || text.find("\n--- ") != text.npos);
    if (headerless)
        message += " (the `diff --git a/<path> b/<path>` line before `--- a/<path>` is missing)";
    return Error{ErrorCode::invalid_input, message + "." + std::string(k_expected_format)};
}

Result<FileStatus> status_of(const git_diff_delta& delta) {
    switch (delta.status) {
    case GIT_DELTA_ADDED:
        return FileStatus::added;
    case GIT_DELTA_DELETED:
        return FileStatus::deleted;
    case GIT_DELTA_MODIFIED:
        return FileStatus::modified;
    case GIT_DELTA_RENAMED:
        return FileStatus::renamed;
    default:
        return fail(ErrorCode::invalid_input,
                    std::string(k_not_a_diff) + "it copies or changes the type of " +
                        (delta.new_file.path ? delta.new_file.path : "a file") +
                        ", which Medic does not apply; add or modify files instead.");
    }
}

} // namespace

std::string normalise_diff_text(std::string_view text) {
    std::string normalised(strip_fences(text));
    if (!normalised.empty() && normalised.back() != '\n')
        normalised += '\n';
    return normalised;
}

Result<GitDiff> load_diff(std::string_view text) {
    std::string const normalised = normalise_diff_text(text);
    if (is_blank(normalised))
        return std::unexpected(not_a_diff(text, "it is empty"));
    GitDiff diff;
    if (git_diff_from_buffer(diff.out(), normalised.data(), normalised.size()) < 0)
        return std::unexpected(not_a_diff(normalised, git_error_text() + " in text starting " +
                                                          opening_of(normalised)));
    if (git_diff_num_deltas(diff.get()) == 0)
        return std::unexpected(not_a_diff(normalised, "it names no changed file"));
    return diff;
}

Result<ParsedDiff> describe_diff(git_diff& diff) {
    ParsedDiff parsed;
    for (std::size_t i = 0; i < git_diff_num_deltas(&diff); ++i) {
        git_diff_delta const& delta = *git_diff_get_delta(&diff, i);
        // libgit2 leaves a path null for headers it could not read one from (found by fuzzing).
        if (delta.old_file.path == nullptr || delta.new_file.path == nullptr)
            return fail(ErrorCode::invalid_input,
                        std::string(k_not_a_diff) + "a file header names no path.");
        if ((delta.flags & GIT_DIFF_FLAG_BINARY) != 0)
            return fail(ErrorCode::invalid_input, std::string(k_not_a_diff) +
                                                      "it holds a binary patch for " +
                                                      delta.new_file.path + "; give text hunks.");
        MEDIC_TRY(status, status_of(delta));
        parsed.files.push_back({delta.old_file.path, delta.new_file.path, *status});
    }
    GitDiffStats stats;
    if (git_diff_get_stats(stats.out(), &diff) < 0)
        return git_failure(ErrorCode::internal, "counting the diff's lines");
    parsed.lines_added = git_diff_stats_insertions(stats.get());
    parsed.lines_removed = git_diff_stats_deletions(stats.get());
    return parsed;
}

} // namespace medic::git
