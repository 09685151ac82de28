#include "bot/serve/zip_archive.hpp"

#include "bot/serve/inflate.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace medic::serve {
namespace {

constexpr std::uint32_t k_end_of_directory = 0x06054b50;
constexpr std::uint32_t k_directory_entry = 0x02014b50;
constexpr std::uint32_t k_local_header = 0x04034b50;
constexpr std::size_t k_end_record_size = 22;
constexpr std::size_t k_directory_entry_size = 46;
constexpr std::size_t k_local_header_size = 30;
constexpr std::size_t k_max_comment = 0xffff;

/// A little-endian integer of `bytes` bytes at `offset`; none past the end.
std::optional<std::uint32_t> read_le(std::string_view data, std::size_t offset, int bytes) {
    if (offset > data.size() || data.size() - offset < static_cast<std::size_t>(bytes))
        return std::nullopt;
    std::uint32_t value = 0;
    for (int i = bytes - 1; i >= 0; --i)
        value =
            (value << 8) | static_cast<unsigned char>(data[offset + static_cast<std::size_t>(i)]);
    return value;
}

struct Entry {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t compressed = 0;
    std::uint32_t size = 0;
    std::uint32_t local_offset = 0;
};

Error broken(std::string why) {
    return {ErrorCode::invalid_input, "not a readable zip archive: " + std::move(why)};
}

Result<std::size_t> end_record(std::string_view archive) {
    if (archive.size() < k_end_record_size)
        return std::unexpected(broken("too short"));
    auto const lowest =
        archive.size() - std::min(archive.size(), k_end_record_size + k_max_comment);
    for (std::size_t at = archive.size() - k_end_record_size + 1; at-- > lowest;)
        if (read_le(archive, at, 4) == k_end_of_directory)
            return at;
    return std::unexpected(broken("no end of central directory record"));
}

Result<std::vector<Entry>> entries(std::string_view archive) {
    MEDIC_TRY(end, end_record(archive));
    auto const count = *read_le(archive, *end + 10, 2);
    auto const directory = *read_le(archive, *end + 16, 4);
    if (directory == 0xffffffffu || count == 0xffffu)
        return std::unexpected(broken("ZIP64 archives are not supported"));
    std::vector<Entry> found;
    std::size_t at = directory;
    for (std::uint32_t i = 0; i < count; ++i) {
        if (read_le(archive, at, 4) != k_directory_entry ||
            !read_le(archive, at + k_directory_entry_size - 4, 4))
            return std::unexpected(
                broken("central directory entry " + std::to_string(i) + " is damaged"));
        Entry entry;
        entry.flags = static_cast<std::uint16_t>(*read_le(archive, at + 8, 2));
        entry.method = static_cast<std::uint16_t>(*read_le(archive, at + 10, 2));
        entry.compressed = *read_le(archive, at + 20, 4);
        entry.size = *read_le(archive, at + 24, 4);
        auto const name_length = *read_le(archive, at + 28, 2);
        auto const extra_length = *read_le(archive, at + 30, 2);
        auto const comment_length = *read_le(archive, at + 32, 2);
        entry.local_offset = *read_le(archive, at + 42, 4);
        auto const name_at = at + k_directory_entry_size;
        if (name_at + name_length > archive.size())
            return std::unexpected(broken("an entry's name runs past the end"));
        entry.name = std::string(archive.substr(name_at, name_length));
        at = name_at + name_length + extra_length + comment_length;
        found.push_back(std::move(entry));
    }
    return found;
}

/// The entry's stored bytes, located through its local header.
Result<std::string_view> stored_bytes(std::string_view archive, const Entry& entry) {
    std::size_t const at = entry.local_offset;
    if (read_le(archive, at, 4) != k_local_header)
        return std::unexpected(broken(entry.name + ": its local header is missing"));
    auto const name_length = read_le(archive, at + 26, 2);
    auto const extra_length = read_le(archive, at + 28, 2);
    if (!name_length || !extra_length)
        return std::unexpected(broken(entry.name + ": its local header is cut off"));
    auto const data = at + k_local_header_size + *name_length + *extra_length;
    if (data > archive.size() || archive.size() - data < entry.compressed)
        return std::unexpected(broken(entry.name + ": its data runs past the end"));
    return archive.substr(data, entry.compressed);
}

} // namespace

Result<std::vector<std::string>> zip_file_names(std::string_view archive) {
    MEDIC_TRY(listed, entries(archive));
    std::vector<std::string> names;
    for (auto const& entry : *listed)
        if (!entry.name.ends_with('/'))
            names.push_back(entry.name);
    return names;
}

Result<std::string> zip_file(std::string_view archive, std::string_view name,
                             std::size_t max_bytes) {
    MEDIC_TRY(listed, entries(archive));
    auto const entry = std::ranges::find(*listed, name, &Entry::name);
    if (entry == listed->end())
        return fail(ErrorCode::not_found, "the archive holds no " + std::string(name));
    if ((entry->flags & 1u) != 0)
        return fail(ErrorCode::invalid_input, entry->name + " is encrypted");
    if (entry->size > max_bytes)
        return fail(ErrorCode::invalid_input, entry->name + " is " + std::to_string(entry->size) +
                                                  " bytes, over " + std::to_string(max_bytes));
    MEDIC_TRY(bytes, stored_bytes(archive, *entry));
    if (entry->method == 0) {
        if (entry->compressed != entry->size)
            return std::unexpected(broken(entry->name + ": stored, but its sizes differ"));
        return std::string(*bytes);
    }
    if (entry->method == 8)
        return inflate_bounded(*bytes, Deflated::raw, max_bytes, entry->name);
    return fail(ErrorCode::invalid_input, entry->name + " uses compression method " +
                                              std::to_string(entry->method) +
                                              " (only stored and deflate are read)");
}

} // namespace medic::serve
