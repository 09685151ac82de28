#pragma once
// Splits an InputStream into lines without copying them, in bounded memory.

#include "analyzers/telemetry/input_stream.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace medic::telemetry {

/// One line of input (without its newline), valid until the next call to `next()`.
struct Line {
    std::string_view text;
    std::uint64_t number = 0; ///< 1-based.
    bool too_long = false;    ///< Longer than the limit: `text` is empty, the line was skipped.
    /// Bytes readable from text.data(): always >= text.size() + k_padding (simdjson needs it).
    std::size_t readable = 0;
};

/// Streams lines from an input using one reusable buffer.
class LineReader {
public:
    static constexpr std::size_t k_padding = 64;
    static constexpr std::size_t k_default_chunk = 4u << 20;
    static constexpr std::size_t k_default_max_line = 16u << 20;

    explicit LineReader(InputStream& input, std::size_t chunk = k_default_chunk,
                        std::size_t max_line = k_default_max_line);

    /// The next line, or nullopt at the end of input or on a read error (see `error()`).
    std::optional<Line> next();
    /// Set when reading stopped because of an error rather than the end of input.
    [[nodiscard]] const std::optional<Error>& error() const { return m_error; }
    [[nodiscard]] std::uint64_t bytes_read() const { return m_bytes_read; }
    [[nodiscard]] std::uint64_t lines_read() const { return m_line_number; }

private:
    bool refill();
    std::optional<Line> skip_long_line();
    Line make_line(std::size_t begin, std::size_t end);

    InputStream& m_input;
    std::size_t m_chunk;
    std::size_t m_max_line;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0; ///< First unread byte.
    std::size_t m_end = 0;   ///< One past the last valid byte.
    bool m_eof = false;
    std::uint64_t m_line_number = 0;
    std::uint64_t m_bytes_read = 0;
    std::optional<Error> m_error;
};

} // namespace medic::telemetry
