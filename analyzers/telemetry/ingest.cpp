#include "analyzers/telemetry/ingest.hpp"

#include "analyzers/telemetry/aggregator.hpp"
#include "analyzers/telemetry/benchmark_parser.hpp"
#include "analyzers/telemetry/json_lines_parser.hpp"
#include "analyzers/telemetry/line_reader.hpp"
#include "analyzers/telemetry/otlp_logs_parser.hpp"
#include "analyzers/telemetry/otlp_parser.hpp"
#include "analyzers/telemetry/text_log_parser.hpp"
#include "bot/model/result.hpp"

#include <deque>
#include <simdjson.h>

namespace medic::telemetry {
namespace {

/// A pretty-printed document is held whole; exporters write anything larger as JSON lines.
constexpr std::size_t k_max_document_bytes = 128u << 20;
constexpr std::uint64_t k_progress_every_lines = 1u << 16;
constexpr std::size_t k_sniff_lines = 16;
/// Lines held while sniffing, over-long ones included: a file of only those stops here too.
constexpr std::size_t k_max_sniffed_lines = 1024;
constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

enum class Format { json_lines, otlp_lines, json_document, text_log, binary, unknown };
enum class LineKind { json_line, otlp_line, document_start, text, binary, unknown };

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

bool looks_binary(std::string_view text) {
    for (unsigned char const c : text)
        if (c < 0x09 || (c > 0x0d && c < 0x20))
            return true;
    return !simdjson::validate_utf8(text.data(), text.size());
}

/// OTLP traces name their top-level array resourceSpans (or resource_spans, proto3's other
/// spelling), OTLP logs resourceLogs.
bool is_otlp(std::string_view text) {
    return text.find("\"resourceSpans\"") != std::string_view::npos ||
           text.find("\"resource_spans\"") != std::string_view::npos || mentions_otlp_logs(text);
}

LineKind classify(std::string_view raw, const TextLogParser& text_logs) {
    if (looks_binary(raw))
        return LineKind::binary;
    auto const line = trim(raw);
    if (line.starts_with('{')) {
        if (line == "{" || !line.ends_with('}'))
            return LineKind::document_start; // pretty-printed JSON, or a cut-off line
        return is_otlp(line) ? LineKind::otlp_line : LineKind::json_line;
    }
    return text_logs.matches(raw) ? LineKind::text : LineKind::unknown;
}

/// True when the first line opens a pretty-printed document rather than being a cut-off line.
bool opens_document(std::string_view first_line) {
    auto const line = trim(first_line);
    return line == "{" || is_otlp(line) || line.find("\"benchmarks\"") != std::string_view::npos ||
           line.find("\"context\"") != std::string_view::npos;
}

/// Decides from the first lines, so one bad line at the top cannot decide for the whole file.
Format decide(const std::vector<LineKind>& kinds, std::string_view first_line) {
    auto const any = [&kinds](LineKind kind) {
        return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
    };
    auto const count = [&kinds](LineKind kind) { return std::ranges::count(kinds, kind); };
    // A cut-off first line over complete JSON lines is one damaged line, not a document.
    auto const complete_lines = count(LineKind::otlp_line) + count(LineKind::json_line);
    bool const lines_follow = complete_lines * 2 > static_cast<std::ptrdiff_t>(kinds.size() - 1);
    if (kinds.front() == LineKind::document_start && opens_document(first_line) && !lines_follow)
        return Format::json_document;
    // The majority of JSON lines decides which parser goes first; the other takes the rest.
    if (any(LineKind::otlp_line) && count(LineKind::otlp_line) >= count(LineKind::json_line))
        return Format::otlp_lines;
    if (any(LineKind::json_line) || any(LineKind::otlp_line))
        return Format::json_lines;
    if (kinds.front() == LineKind::document_start)
        return Format::json_document;
    if (any(LineKind::text))
        return Format::text_log;
    return kinds.front() == LineKind::binary ? Format::binary : Format::unknown;
}

/// A line read while sniffing, kept until it is parsed.
struct HeldLine {
    std::string text;
    std::uint64_t number = 0;
    bool too_long = false;
};

/// Replays the sniffed lines, then continues with the reader; same contract as LineReader.
class LineSource {
public:
    LineSource(std::deque<HeldLine> held, LineReader& reader)
        : m_held(std::move(held)), m_reader(reader) {}

    std::optional<Line> next() {
        if (m_held.empty())
            return m_reader.next();
        auto held = std::move(m_held.front());
        m_held.pop_front();
        m_current = std::move(held.text);
        auto const size = m_current.size();
        m_current.append(LineReader::k_padding, '\0');
        return Line{std::string_view(m_current.data(), size), held.number, held.too_long,
                    m_current.size()};
    }
    [[nodiscard]] std::uint64_t bytes_read() const { return m_reader.bytes_read(); }

private:
    std::deque<HeldLine> m_held;
    std::string m_current;
    LineReader& m_reader;
};

/// Lines of a text already in memory (a document that turned out not to be one).
class TextLines {
public:
    explicit TextLines(std::string& text) : m_text(text) {
        m_size = text.size();
        text.append(LineReader::k_padding, '\0');
    }
    std::optional<Line> next() {
        if (m_pos >= m_size)
            return std::nullopt;
        auto end = m_text.find('\n', m_pos);
        end = end == std::string::npos || end > m_size ? m_size : end;
        Line line{std::string_view(m_text).substr(m_pos, end - m_pos), ++m_number, false,
                  m_text.size() - m_pos};
        m_pos = end + 1;
        return line;
    }
    [[nodiscard]] std::uint64_t bytes_read() const { return m_pos; }

private:
    std::string& m_text;
    std::size_t m_size = 0;
    std::size_t m_pos = 0;
    std::uint64_t m_number = 0;
};

/// Everything one input's reading needs, and its accounting.
struct SourceContext {
    SourceStats& stats;
    IngestStats& ingest;
    Aggregator& aggregator;
    const TextLogParser& text_logs;
    const Redactor& redactor;
    const IngestOptions& options;

    /// Counts `count` malformed records of one line (a line of OTLP holds many spans), keeping
    /// the line and the reason.
    void malformed(std::uint64_t line, std::string reason, std::size_t count = 1) {
        stats.malformed += count;
        ingest.malformed_total += count;
        if (ingest.malformed.size() >= IngestStats::k_max_malformed_kept)
            return;
        ingest.redactions += redactor.redact(reason); // reasons may quote the input
        ingest.malformed.push_back({stats.path, line, std::move(reason)});
    }
};

/// What parsing one line gave: records taken in, and a problem to report (possibly both).
struct LineOutcome {
    std::size_t records = 0;
    std::optional<std::string> problem;
    std::size_t malformed = 1; ///< Records the problem stands for (spans of an OTLP request).
};

LineOutcome one_record_or(std::optional<std::string> problem) {
    return problem ? LineOutcome{0, std::move(problem)} : LineOutcome{1, std::nullopt};
}

/// Feeds every line of `lines` to `parse_line`, accounting records and problems.
template <typename Lines, typename ParseLine>
void read_lines(Lines& lines, SourceContext& context, ParseLine&& parse_line) {
    while (auto line = lines.next()) {
        if (line->too_long) {
            context.malformed(line->number, "line longer than 16 MiB, skipped");
            continue;
        }
        if (trim(line->text).empty())
            continue;
        auto outcome = parse_line(*line);
        context.stats.records += outcome.records;
        if (outcome.problem)
            context.malformed(line->number, std::move(*outcome.problem), outcome.malformed);
        if (context.options.on_progress && line->number % k_progress_every_lines == 0)
            context.options.on_progress(
                {context.stats.path, lines.bytes_read(), context.stats.bytes});
    }
}

/// A request's outcome as one line's: spans taken, and what was wrong with the rest.
LineOutcome line_outcome(const OtlpOutcome& outcome, SourceContext& context);

/// A request's outcome as one line's: `taken` records, `skipped` unusable `what`s ("span(s)",
/// "log record(s)"), and the first reason.
LineOutcome request_outcome(std::size_t taken, std::size_t skipped, const std::string& problem,
                            std::string_view what) {
    LineOutcome result{taken, std::nullopt, std::max<std::size_t>(skipped, 1)};
    if (!problem.empty())
        result.problem =
            skipped > 0 ? std::to_string(skipped) + " " + std::string(what) + " skipped: " + problem
                        : problem;
    return result;
}

LineOutcome logs_outcome(const OtlpLogsOutcome& outcome) {
    return request_outcome(outcome.records, outcome.skipped, outcome.problem, "log record(s)");
}

/// JSON lines of Medic events and logs, or of OTLP requests (traces or logs), or all of them in
/// one file: each line is read by the parser of the file's first lines, and a line that parser
/// cannot take is tried as another kind when it looks like one (a check only failed lines pay
/// for).
template <typename Lines>
void read_json_lines(Lines& lines, SourceContext& context, bool otlp_first) {
    auto const events = make_json_lines_parser(context.aggregator);
    auto const requests = make_otlp_parser(context.aggregator);
    auto const log_requests = make_otlp_logs_parser(context.aggregator);
    auto const as_event = [&](const Line& line) { return one_record_or(events->parse(line)); };
    // A line naming resourceLogs that is a logs request; nullopt when it is none.
    auto const as_logs = [&](const Line& line) -> std::optional<LineOutcome> {
        if (!mentions_otlp_logs(line.text))
            return std::nullopt;
        auto const request = log_requests->parse(line.text);
        return request.request ? std::optional(logs_outcome(request)) : std::nullopt;
    };
    read_lines(lines, context, [&](const Line& line) {
        if (!otlp_first) {
            auto outcome = as_event(line);
            if (!outcome.problem || !is_otlp(line.text))
                return outcome;
            // Quoting the word "resourceSpans" (in an attribute) does not make a request.
            auto const request = requests->parse(line.text, line.readable);
            if (request.request)
                return line_outcome(request, context);
            return as_logs(line).value_or(outcome);
        }
        auto const request = requests->parse(line.text, line.readable);
        // `{}` is an empty request; any other line without a resourceSpans member is not a
        // request at all.
        if (request.request || trim(line.text) == "{}")
            return line_outcome(request, context);
        if (auto logs = as_logs(line))
            return *logs;
        if (!request.problem.empty())
            return line_outcome(request, context);
        return as_event(line);
    });
}

LineOutcome line_outcome(const OtlpOutcome& outcome, SourceContext& context) {
    context.stats.outgoing_spans += outcome.outgoing;
    context.stats.envelope_spans += outcome.envelopes;
    return request_outcome(outcome.spans, outcome.skipped, outcome.problem, "span(s)");
}

/// Reads the rest of a pretty-printed document and parses it by its top-level keys; text that
/// is no JSON document after all (say, JSON lines under a cut-off first line) is read by line.
void read_document(LineSource& source, SourceContext& context) {
    // Reserved once (address space, not memory, until written): the text never moves, and the
    // parser's padding fits without doubling a large buffer.
    std::string text;
    text.reserve(k_max_document_bytes + LineReader::k_padding);
    while (auto line = source.next()) {
        if (text.size() + line->text.size() + 1 > k_max_document_bytes) {
            context.stats.error = "a single JSON document over 128 MiB: write it as JSON lines";
            return;
        }
        text.append(line->text).append("\n");
    }
    bool const otlp = is_otlp(text);
    if (otlp) {
        auto const parser = make_otlp_parser(context.aggregator);
        auto const size = text.size();
        text.append(LineReader::k_padding, '\0');
        auto const outcome = parser->parse(std::string_view(text.data(), size), text.size());
        text.resize(size);
        if (outcome.spans > 0 || outcome.skipped > 0 || outcome.outgoing > 0 ||
            outcome.envelopes > 0) {
            context.stats.format = "otlp-json";
            auto const result = line_outcome(outcome, context);
            context.stats.records += result.records;
            if (result.problem)
                context.malformed(1, "document: " + *result.problem, result.malformed);
            return;
        }
    } else if (auto taken = parse_benchmark_document(text, context.aggregator); taken) {
        context.stats.format = "gbench-json";
        context.stats.records += *taken;
        return;
    }
    context.stats.format = otlp ? "otlp-json" : "medic-jsonl";
    TextLines lines(text);
    read_json_lines(lines, context, otlp);
}

/// Reads up to k_sniff_lines content lines (over-long ones are kept for accounting; blank ones,
/// which count for nothing, are not kept at all).
std::deque<HeldLine> sniff_lines(LineReader& reader) {
    std::deque<HeldLine> held;
    std::size_t content = 0;
    while (content < k_sniff_lines && held.size() < k_max_sniffed_lines) {
        auto line = reader.next();
        if (!line)
            break;
        if (!line->too_long && trim(line->text).empty())
            continue;
        held.push_back({std::string(line->text), line->number, line->too_long});
        content += !line->too_long && !trim(line->text).empty() ? 1 : 0;
    }
    if (!held.empty() && std::string_view(held.front().text).starts_with(k_utf8_bom))
        held.front().text.erase(0, k_utf8_bom.size());
    return held;
}

std::vector<LineKind> kinds_of(const std::deque<HeldLine>& held, const TextLogParser& text_logs) {
    std::vector<LineKind> kinds;
    for (auto const& line : held)
        if (!line.too_long && !trim(line.text).empty())
            kinds.push_back(classify(line.text, text_logs));
    return kinds;
}

const HeldLine* first_content_line(const std::deque<HeldLine>& held) {
    for (auto const& line : held)
        if (!line.too_long && !trim(line.text).empty())
            return &line;
    return nullptr;
}

void read_by_format(Format format, LineSource& source, SourceContext& context,
                    std::uint64_t first) {
    switch (format) {
    case Format::json_lines:
        read_json_lines(source, context, /*otlp_first=*/false);
        break;
    case Format::otlp_lines:
        context.stats.format = "otlp-json";
        read_json_lines(source, context, /*otlp_first=*/true);
        break;
    case Format::text_log:
        context.stats.format = "text-log";
        read_lines(source, context, [&](const Line& line) {
            return one_record_or(context.text_logs.parse(line.text, context.aggregator));
        });
        break;
    case Format::json_document:
        read_document(source, context);
        break;
    case Format::binary:
        context.stats.error = "binary data, not telemetry (line " + std::to_string(first) +
                              " holds control bytes or invalid UTF-8)";
        break;
    case Format::unknown:
        context.stats.error = "unrecognised format: the first lines (from line " +
                              std::to_string(first) +
                              ") are neither JSON nor match telemetry.text_log_pattern";
        break;
    }
}

std::string json_lines_flavour(const std::deque<HeldLine>& held) {
    for (auto const& line : held)
        if (trim(line.text).starts_with('{'))
            return line.text.find("\"duration_ms\"") != std::string::npos ? "medic-jsonl"
                                                                          : "json-log";
    return "medic-jsonl";
}

std::string no_records_reason(const SourceStats& stats) {
    if (stats.malformed > 0)
        return "no telemetry records: all " + std::to_string(stats.malformed) +
               " malformed (the reasons are under ingest.malformed)";
    if (stats.outgoing_spans > 0 || stats.envelope_spans > 0)
        return "no telemetry records: only client and internal spans, no handler's server span";
    return "no telemetry records: the input is empty";
}

void ingest_source(const std::string& path, SourceContext& context) {
    context.stats.path = path;
    auto input = InputStream::open(path);
    if (!input) {
        context.stats.error = input.error().message;
        return;
    }
    context.stats.bytes = input->size_on_disk();
    LineReader reader(*input);
    auto held = sniff_lines(reader);
    auto const kinds = kinds_of(held, context.text_logs);
    if (kinds.empty()) {
        if (!reader.error())
            context.stats.format = "empty";
        LineSource source(std::move(held), reader);
        read_lines(source, context, [](const Line&) { return LineOutcome{}; }); // over-long lines
    } else {
        auto const* first = first_content_line(held);
        auto const format = decide(kinds, first->text);
        auto const first_number = first->number;
        context.stats.format = json_lines_flavour(held);
        LineSource source(std::move(held), reader);
        read_by_format(format, source, context, first_number);
    }
    if (reader.error() && context.stats.error.empty())
        context.stats.error = reader.error()->message;
    context.stats.bytes = reader.bytes_read();
    context.stats.lines = reader.lines_read();
    if (context.stats.records == 0 && context.stats.error.empty())
        context.stats.error = no_records_reason(context.stats);
}

} // namespace

std::string unread_inputs(const IngestStats& stats) {
    std::string unread;
    for (auto const& source : stats.sources)
        if (source.records == 0 && !source.error.empty())
            unread += (unread.empty() ? "" : "; ") + source.path + ": " + source.error;
    return unread;
}

Result<TelemetrySummary> ingest(const std::vector<std::string>& inputs,
                                const IngestOptions& options) {
    if (inputs.empty())
        return fail(ErrorCode::invalid_input, "no telemetry input given");
    MEDIC_TRY(redactor, Redactor::create(options.telemetry.redact_patterns));
    MEDIC_TRY(text_logs, TextLogParser::create(options.telemetry.text_log_pattern));
    Aggregator aggregator(options.telemetry, *redactor);
    IngestStats ingest_stats;
    ingest_stats.sources.reserve(inputs.size());
    std::string failures;
    for (auto const& path : inputs) {
        auto& stats = ingest_stats.sources.emplace_back();
        SourceContext context{stats, ingest_stats, aggregator, *text_logs, *redactor, options};
        ingest_source(path, context);
        if (!stats.error.empty() && stats.records == 0)
            failures += (failures.empty() ? "" : "; ") + stats.error;
    }
    bool const nothing_read =
        std::all_of(ingest_stats.sources.begin(), ingest_stats.sources.end(),
                    [](const SourceStats& s) { return !s.error.empty() && s.records == 0; });
    if (nothing_read)
        return fail(ErrorCode::invalid_input, "no telemetry could be read: " + failures);
    return aggregator.finish(std::move(ingest_stats));
}

} // namespace medic::telemetry
