#pragma once
// Decides cheaply which translation units can mention a handler, so only those are parsed.
// No Clang: a text scan of the unit and the project headers it includes.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace medic::code {

/// The identifiers a reference to `qualified_name` must spell: its last component and, for a
/// member, its class ("shop::Search::handle" -> {"Search", "handle"}; templates lose <...>).
std::vector<std::string> required_tokens(std::string_view qualified_name);

/// True when `unit` or a header it includes with #include "..." (searched next to the including
/// file and in `include_dirs`, recursively) contains every token of one of `token_sets`.
bool may_mention(const std::filesystem::path& unit,
                 const std::vector<std::filesystem::path>& include_dirs,
                 const std::vector<std::vector<std::string>>& token_sets);

} // namespace medic::code
