#pragma once
// Finds (or produces) a repository's compile_commands.json. No Clang here.

#include "bot/model/result.hpp"

#include <filesystem>

namespace medic::code {

/// Medic's cache directory: $XDG_CACHE_HOME/medic, else ~/.cache/medic.
std::filesystem::path medic_cache_dir();

/// The directory holding compile_commands.json: `build_dir` if given, else <repo> or
/// <repo>/build, else a CMake configure into Medic's cache (the repo is never written to).
Result<std::filesystem::path> find_or_make_compile_database(const std::filesystem::path& repo,
                                                            const std::filesystem::path& build_dir);

} // namespace medic::code
