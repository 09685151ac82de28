#include "analyzers/telemetry/text_log_parser.hpp"

#include "bot/model/text.hpp"
#include "bot/model/time.hpp"

#include <re2/re2.h>
#include <vector>

namespace medic::telemetry {

TextLogParser::TextLogParser(TextLogParser&&) noexcept = default;
TextLogParser& TextLogParser::operator=(TextLogParser&&) noexcept = default;
TextLogParser::~TextLogParser() = default;

Result<TextLogParser> TextLogParser::create(const std::string& pattern) {
    TextLogParser parser;
    RE2::Options options;
    options.set_log_errors(false);
    parser.m_pattern = std::make_unique<RE2>(pattern, options);
    if (!parser.m_pattern->ok())
        return fail(ErrorCode::invalid_input,
                    "telemetry.text_log_pattern does not compile: " + parser.m_pattern->error());
    auto const& groups = parser.m_pattern->NamedCapturingGroups();
    auto const index = [&groups](const char* name) {
        auto const it = groups.find(name);
        return it == groups.end() ? -1 : it->second;
    };
    parser.m_ts = index("ts");
    parser.m_level = index("level");
    parser.m_handler = index("handler");
    parser.m_message = index("message");
    if (parser.m_message < 0)
        return fail(ErrorCode::invalid_input,
                    "telemetry.text_log_pattern needs a named group (?P<message>...)");
    return parser;
}

bool TextLogParser::matches(std::string_view line) const {
    return RE2::FullMatch(re2::StringPiece(line.data(), line.size()), *m_pattern);
}

std::optional<std::string> TextLogParser::parse(std::string_view line,
                                                Aggregator& aggregator) const {
    std::vector<re2::StringPiece> groups(
        static_cast<std::size_t>(m_pattern->NumberOfCapturingGroups()) + 1);
    if (!m_pattern->Match(re2::StringPiece(line.data(), line.size()), 0, line.size(),
                          RE2::ANCHOR_BOTH, groups.data(), static_cast<int>(groups.size())))
        return "does not match telemetry.text_log_pattern";
    auto const group = [&groups](int index) {
        return index < 0 ? std::string_view{}
                         : std::string_view(groups[static_cast<std::size_t>(index)].data(),
                                            groups[static_cast<std::size_t>(index)].size());
    };
    LogRecord log{std::nullopt, group(m_level), group(m_handler), group(m_message)};
    if (auto const ts = group(m_ts); !ts.empty()) {
        log.ts_ms = parse_rfc3339_ms(ts);
        if (!log.ts_ms)
            return "timestamp '" + utf8_prefix(ts, 40) + "' is not RFC 3339";
    }
    aggregator.add_log(log);
    return std::nullopt;
}

} // namespace medic::telemetry
