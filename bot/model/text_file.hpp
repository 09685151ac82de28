#pragma once
// Reading and writing a whole file, the two ways every stage needs them (the only I/O in the
// model library: small, and shared by all).

#include "bot/model/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace medic {

/// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

/// Writes `text` to `path` (creating its folder), replacing it; unavailable when any byte could
/// not be written (a full disk, a read-only folder).
Result<void> write_text_file(const std::filesystem::path& path, std::string_view text);

/// Like write_text_file, but written aside and renamed into place: another process reading
/// `path` (a shared cache) sees the old file or the new one, never half of one.
Result<void> replace_text_file(const std::filesystem::path& path, std::string_view text);

} // namespace medic
