#pragma once
// Decides cheaply which translation units can mention a handler, so only those are parsed.
// No Clang: a text scan of the unit and the project headers it includes.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace medic::code {

/// The identifiers a reference to `qualified_name` must spell: its last component and, for a
/// member, its class ("shop::Search::handle" -> {"Search", "handle"}; templates lose <...>).
std::vector<std::string> required_tokens(std::string_view qualified_name);

/// A file of the project and its text.
struct ProjectFile {
    std::filesystem::path path;
    const std::string* text = nullptr;
};

/// The unit and every project header it reaches through #include "..." (searched next to the
/// including file and in `include_dirs`, recursively), unit first. `texts` memoizes file reads
/// across units (a common header is read once).
std::vector<ProjectFile> project_files(const std::filesystem::path& unit,
                                       const std::vector<std::filesystem::path>& include_dirs,
                                       std::map<std::filesystem::path, std::string>& texts);

/// True when `text` contains every token of one of `token_sets` as a whole word.
bool mentions(std::string_view text, const std::vector<std::vector<std::string>>& token_sets);

} // namespace medic::code
