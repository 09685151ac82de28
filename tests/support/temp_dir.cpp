#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <zlib.h>

namespace medic::test {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "medic-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string TempDir::write(std::string_view name, std::string_view content) const {
    auto const full = m_path / name;
    std::ofstream(full, std::ios::binary) << content;
    return full.string();
}

std::string TempDir::write_gzip(std::string_view name, std::string_view content) const {
    auto const full = (m_path / name).string();
    std::unique_ptr<gzFile_s, decltype(&gzclose)> file(gzopen(full.c_str(), "wb"), &gzclose);
    if (!file || gzwrite(file.get(), content.data(), static_cast<unsigned>(content.size())) !=
                     static_cast<int>(content.size()))
        throw std::runtime_error("gzip write failed");
    return full;
}

std::filesystem::path source_root() {
    return MEDIC_SOURCE_ROOT;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace medic::test
