#pragma once
// A temporary directory removed at the end of a test, and helpers to write inputs into it.

#include <filesystem>
#include <string>
#include <string_view>

namespace medic::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    /// Writes `content` to `name` inside the directory and returns the full path.
    [[nodiscard]] std::string write(std::string_view name, std::string_view content) const;
    /// Writes `content` gzip-compressed (real zlib gzip) and returns the full path.
    [[nodiscard]] std::string write_gzip(std::string_view name, std::string_view content) const;

private:
    std::filesystem::path m_path;
};

/// The repository root (set by CMake), for fixtures and schemas.
std::filesystem::path source_root();

/// Reads a whole file.
std::string read_file(const std::filesystem::path& path);

} // namespace medic::test
