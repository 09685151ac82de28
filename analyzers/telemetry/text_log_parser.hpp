#pragma once
// Plain-text logs read through a configured RE2 pattern with named groups
// (ts, level, handler, message; only message is required).

#include "analyzers/telemetry/aggregator.hpp"

#include <memory>
#include <optional>
#include <string>

namespace re2 {
class RE2;
}

namespace medic::telemetry {

class TextLogParser {
public:
    /// Compiles the pattern; invalid_input when it does not compile or has no `message` group.
    static Result<TextLogParser> create(const std::string& pattern);

    TextLogParser(TextLogParser&&) noexcept;
    TextLogParser& operator=(TextLogParser&&) noexcept;
    ~TextLogParser();

    /// True when `line` has the configured shape (used to recognise the format).
    [[nodiscard]] bool matches(std::string_view line) const;
    /// Feeds one line to `aggregator`; returns why the line is malformed, or nullopt.
    std::optional<std::string> parse(std::string_view line, Aggregator& aggregator) const;

private:
    TextLogParser() = default;
    std::unique_ptr<re2::RE2> m_pattern;
    int m_ts = -1, m_level = -1, m_handler = -1, m_message = -1;
};

} // namespace medic::telemetry
