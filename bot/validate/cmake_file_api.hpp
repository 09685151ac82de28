#pragma once
// Which executable a CMake build makes from a source file, read from CMake's file API (the
// codemodel-v2 reply a configure writes when a query asks for it): how validation finds the
// binary that holds one of the repository's own benchmarks.

#include "bot/model/result.hpp"

#include <filesystem>

namespace medic::validate {

/// Asks the next configure of `build_dir` for the codemodel (an empty query file; idempotent).
Result<void> request_codemodel(const std::filesystem::path& build_dir);

/// The executable target built from `source` (relative to the source tree), as an absolute
/// path in `build_dir`; an error naming what was found otherwise (no reply: not CMake, or the
/// configure did not run; no target compiles that file; several do).
Result<std::filesystem::path> executable_built_from(const std::filesystem::path& build_dir,
                                                    const std::string& source);

} // namespace medic::validate
