#include "generators/fix/edits.hpp"

#include <clang/Tooling/Core/Replacement.h>
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

/// One file's edits as Clang replacements; an overlap is a conflict, never a silent merge.
Result<clang::tooling::Replacements> replacements_for(const std::string& file,
                                                      const std::vector<const FixIt*>& edits,
                                                      std::size_t file_size) {
    clang::tooling::Replacements replacements;
    for (auto const* edit : edits) {
        if (edit->offset + edit->length > file_size)
            return fail(ErrorCode::conflict, file + ": an edit at offset " +
                                                 std::to_string(edit->offset) +
                                                 " is past the end of the file (it changed "
                                                 "since it was analyzed?)");
        auto error = replacements.add(
            clang::tooling::Replacement(file, edit->offset, edit->length, edit->replacement));
        if (error)
            return fail(ErrorCode::conflict, file + ": two edits overlap at line " +
                                                 std::to_string(edit->line) + ": " +
                                                 llvm::toString(std::move(error)));
    }
    return replacements;
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
        auto before = read_file(repo / file);
        if (!before)
            return std::unexpected(before.error());
        auto replacements = replacements_for(file, file_edits, before->size());
        if (!replacements)
            return std::unexpected(replacements.error());
        auto after = clang::tooling::applyAllReplacements(*before, *replacements);
        if (!after)
            return fail(ErrorCode::conflict,
                        file + ": the edits do not apply: " + llvm::toString(after.takeError()));
        files[file] = {std::move(*before), std::move(*after)};
    }
    return files;
}

} // namespace medic::fix
