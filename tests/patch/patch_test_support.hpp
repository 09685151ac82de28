#pragma once
// Helpers for the patch tests: real git repositories made with the git command, and snapshots
// of every byte under a folder to prove a step left it alone.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace medic::test {

/// Writes `content` to `root/relative`, creating folders.
void write_text(const std::filesystem::path& root, std::string_view relative,
                std::string_view content);

/// Runs `git <arguments>` in `dir` with a fixed identity; throws when git fails.
void run_git(const std::filesystem::path& dir, std::string_view arguments);

/// Every file and link under `root` (.git included): path -> hash of content, mode and mtime.
std::map<std::string, std::size_t> snapshot(const std::filesystem::path& root);

} // namespace medic::test
