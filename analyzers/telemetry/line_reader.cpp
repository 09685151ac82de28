#include "analyzers/telemetry/line_reader.hpp"

#include <cstring>

namespace medic::telemetry {

LineReader::LineReader(InputStream& input, std::size_t chunk, std::size_t max_line)
    : m_input(input), m_chunk(chunk), m_max_line(std::max(max_line, chunk)),
      m_buffer(chunk + k_padding, '\0') {}

bool LineReader::refill() {
    if (m_eof)
        return false;
    // Keep the partial line, move it to the front, and grow only when a line fills the buffer.
    std::size_t const partial = m_end - m_begin;
    std::memmove(m_buffer.data(), m_buffer.data() + m_begin, partial);
    m_begin = 0;
    m_end = partial;
    std::size_t capacity = m_buffer.size() - k_padding;
    if (m_end == capacity) {
        capacity = std::min(capacity * 2, m_max_line + 1);
        m_buffer.resize(capacity + k_padding, '\0');
    }
    auto got = m_input.read(m_buffer.data() + m_end, capacity - m_end);
    if (!got) {
        m_error = got.error();
        m_eof = true;
        return false;
    }
    if (*got == 0) {
        m_eof = true;
        return false;
    }
    m_end += *got;
    m_bytes_read += *got;
    return true;
}

Line LineReader::make_line(std::size_t begin, std::size_t end) {
    std::size_t text_end = end;
    if (text_end > begin && m_buffer[text_end - 1] == '\r')
        --text_end;
    Line line;
    line.text = std::string_view(m_buffer.data() + begin, text_end - begin);
    line.number = ++m_line_number;
    line.readable = m_buffer.size() - begin;
    return line;
}

std::optional<Line> LineReader::skip_long_line() {
    // Drop bytes until the next newline, keeping memory bounded.
    for (;;) {
        auto const* newline =
            static_cast<const char*>(std::memchr(m_buffer.data() + m_begin, '\n', m_end - m_begin));
        if (newline != nullptr) {
            m_begin = static_cast<std::size_t>(newline - m_buffer.data()) + 1;
            break;
        }
        m_begin = m_end;
        if (!refill())
            break;
    }
    Line line;
    line.number = ++m_line_number;
    line.too_long = true;
    line.readable = k_padding;
    line.text = std::string_view(m_buffer.data() + m_begin, 0);
    return line;
}

std::optional<Line> LineReader::next() {
    for (;;) {
        auto const* start = m_buffer.data() + m_begin;
        auto const* newline = static_cast<const char*>(std::memchr(start, '\n', m_end - m_begin));
        if (newline != nullptr) {
            auto const end = static_cast<std::size_t>(newline - m_buffer.data());
            auto line = make_line(m_begin, end);
            m_begin = end + 1;
            return line;
        }
        if (m_end - m_begin > m_max_line)
            return skip_long_line();
        if (!refill()) {
            if (m_begin == m_end)
                return std::nullopt;
            // Last line without a newline: zero the padding that follows it.
            std::memset(m_buffer.data() + m_end, 0, m_buffer.size() - m_end);
            auto line = make_line(m_begin, m_end);
            m_begin = m_end;
            return line;
        }
    }
}

} // namespace medic::telemetry
