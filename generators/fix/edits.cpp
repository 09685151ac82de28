#include "generators/fix/edits.hpp"

#include "bot/model/result.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace medic::fix {
namespace {

Result<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::not_found, path.string() + ": cannot read the file to fix");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// One file's edits in the order they apply, or the conflict: an edit past the end of the file
/// (it changed since it was analysed), or two edits whose ranges overlap. Insertions at the same
/// place keep their order; nothing is ever merged silently.
Result<std::vector<const FixIt*>>
ordered_edits(const std::string& file, std::vector<const FixIt*> edits, std::size_t file_size) {
    std::stable_sort(edits.begin(), edits.end(), [](const FixIt* a, const FixIt* b) {
        return a->offset != b->offset ? a->offset < b->offset : a->length < b->length;
    });
    for (std::size_t i = 0; i < edits.size(); ++i) {
        auto const& edit = *edits[i];
        if (std::size_t{edit.offset} + edit.length > file_size)
            return fail(ErrorCode::conflict, file + ": an edit at offset " +
                                                 std::to_string(edit.offset) +
                                                 " is past the end of the file (it changed "
                                                 "since it was analyzed?)");
        if (i > 0 && edits[i - 1]->offset + edits[i - 1]->length > edit.offset)
            return fail(ErrorCode::conflict,
                        file + ": two edits overlap at line " + std::to_string(edit.line));
    }
    return edits;
}

/// `text` with `edits` (ordered, not overlapping) applied.
std::string applied(std::string text, const std::vector<const FixIt*>& edits) {
    for (auto it = edits.rbegin(); it != edits.rend(); ++it)
        text.replace((*it)->offset, (*it)->length, (*it)->replacement);
    return text;
}

} // namespace

Result<std::map<std::string, EditedFile>> apply_edits(const std::filesystem::path& repo,
                                                      const std::vector<FixIt>& edits) {
    std::map<std::string, std::vector<const FixIt*>> by_file;
    std::set<std::tuple<std::string, unsigned, unsigned, std::string>> seen;
    for (auto const& edit : edits)
        if (seen.emplace(edit.file, edit.offset, edit.length, edit.replacement).second)
            by_file[edit.file].push_back(&edit);
    std::map<std::string, EditedFile> files;
    for (auto const& [file, file_edits] : by_file) {
        MEDIC_TRY(before, read_file(repo / file));
        MEDIC_TRY(ordered, ordered_edits(file, file_edits, before->size()));
        auto after = applied(*before, *ordered);
        files[file] = {std::move(*before), std::move(after)};
    }
    return files;
}

} // namespace medic::fix
