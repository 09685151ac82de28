#pragma once
// Finds (or produces) a repository's compile_commands.json. No Clang here.

#include "bot/model/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace medic::code {

/// Medic's cache directory: $XDG_CACHE_HOME/medic, else ~/.cache/medic.
std::filesystem::path medic_cache_dir();

/// The directory holding compile_commands.json: `build_dir` if given, else <repo> or
/// <repo>/build, else a CMake configure into Medic's cache (the repo is never written to).
Result<std::filesystem::path> find_or_make_compile_database(const std::filesystem::path& repo,
                                                            const std::filesystem::path& build_dir);

/// The folders (repository-relative, ending in '/') that hold code the repository did not
/// write: `configured` (fix.vendored, default third_party/ vendor/ external/ _deps/), git
/// submodules (.gitmodules), and build trees (a CMakeCache.txt up to two levels down).
std::vector<std::string> vendored_paths(const std::filesystem::path& repo,
                                        const std::vector<std::string>& configured);

} // namespace medic::code
