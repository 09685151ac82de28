#pragma once
// Which translation units of a compile database can mention some names (text pre-filter).

#include <clang/Tooling/CompilationDatabase.h>
#include <string>
#include <vector>

namespace medic::code {

/// Units whose text, with the project headers they include, spells one of `names` (qualified
/// C++ names; see required_tokens).
std::vector<std::string> units_mentioning(const clang::tooling::CompilationDatabase& database,
                                          const std::vector<std::string>& names);

} // namespace medic::code
