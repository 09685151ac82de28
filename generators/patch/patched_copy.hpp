#pragma once
// Writes an applied patch out: over a folder, or into a fresh copy of the repository so the
// patched code can be built and tested without touching the original.

#include "bot/model/result.hpp"
#include "generators/patch/apply_patch.hpp"

#include <filesystem>

namespace medic::patch {

/// Writes each patched file under `dir` (creating folders) and removes each deleted one.
Result<void> write_files(const AppliedPatch& patch, const std::filesystem::path& dir);

/// Copies `repo_dir` into the empty or missing `target_dir` — without `.git` anywhere and
/// without top-level `build*` folders — then writes the patch there.
Result<void> write_patched_copy(const std::filesystem::path& repo_dir, const AppliedPatch& patch,
                                const std::filesystem::path& target_dir);

} // namespace medic::patch
