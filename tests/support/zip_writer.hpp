#pragma once
// A zip archive built in memory for tests: stored or deflated (real zlib) entries, with the
// local headers, central directory and end record a reader must walk.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medic::test {

struct ZipEntry {
    std::string name;
    std::string content;
    bool deflate = true;
    std::uint16_t flags = 0;  ///< 1: encrypted (the content is not, a reader must refuse it).
    std::uint16_t method = 0; ///< Overrides the method written (0: stored or deflate).
};

std::string zip_archive(const std::vector<ZipEntry>& entries);

/// `text` compressed by zlib: raw deflate (as in a zip), or gzip-framed (as HTTP sends it).
std::string deflated(std::string_view text, bool gzip = false);

} // namespace medic::test
