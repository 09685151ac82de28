#pragma once
// Makes a compile database written for g++ acceptable to Clang 19 (TOOLCHAIN.md pitfalls).

#include <clang/Tooling/ArgumentsAdjusters.h>

namespace medic::code {

/// Adds Clang's resource dir, drops every argument the Clang driver does not know (g++-only
/// warnings and -f flags make Clang reject a whole unit), and silences unknown-warning noise.
clang::tooling::ArgumentsAdjuster clang_compatible_arguments();

} // namespace medic::code
