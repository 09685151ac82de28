#include "tests/support/zip_writer.hpp"

#include <zlib.h>

namespace medic::test {
namespace {

void put(std::string& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

} // namespace

std::string deflated(std::string_view text, bool gzip) {
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, gzip ? 16 + MAX_WBITS : -MAX_WBITS, 8,
                 Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&stream, text.size()) + 16, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string zip_archive(const std::vector<ZipEntry>& entries) {
    std::string out, directory;
    for (auto const& entry : entries) {
        auto const data = entry.deflate ? deflated(entry.content) : entry.content;
        auto const method = entry.method ? entry.method : entry.deflate ? 8 : 0;
        auto const crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(entry.content.data()),
                  static_cast<uInt>(entry.content.size())));
        auto const offset = static_cast<std::uint32_t>(out.size());
        put(out, 0x04034b50, 4);
        put(out, 20, 2);
        put(out, entry.flags, 2);
        put(out, method, 2);
        put(out, 0, 4); // time and date
        put(out, crc, 4);
        put(out, static_cast<std::uint32_t>(data.size()), 4);
        put(out, static_cast<std::uint32_t>(entry.content.size()), 4);
        put(out, static_cast<std::uint32_t>(entry.name.size()), 2);
        put(out, 0, 2);
        out += entry.name + data;
        put(directory, 0x02014b50, 4);
        put(directory, 20, 2);
        put(directory, 20, 2);
        put(directory, entry.flags, 2);
        put(directory, method, 2);
        put(directory, 0, 4);
        put(directory, crc, 4);
        put(directory, static_cast<std::uint32_t>(data.size()), 4);
        put(directory, static_cast<std::uint32_t>(entry.content.size()), 4);
        put(directory, static_cast<std::uint32_t>(entry.name.size()), 2);
        put(directory, 0, 4); // extra and comment lengths
        put(directory, 0, 4); // disk number, internal attributes
        put(directory, 0, 4); // external attributes
        put(directory, offset, 4);
        directory += entry.name;
    }
    auto const directory_offset = static_cast<std::uint32_t>(out.size());
    out += directory;
    put(out, 0x06054b50, 4);
    put(out, 0, 4);
    put(out, static_cast<std::uint32_t>(entries.size()), 2);
    put(out, static_cast<std::uint32_t>(entries.size()), 2);
    put(out, static_cast<std::uint32_t>(directory.size()), 4);
    put(out, directory_offset, 4);
    put(out, 0, 2);
    return out;
}

} // namespace medic::test
