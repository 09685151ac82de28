#include "analyzers/telemetry/ingest.hpp"

#include "analyzers/telemetry/aggregator.hpp"
#include "analyzers/telemetry/benchmark_parser.hpp"
#include "analyzers/telemetry/json_lines_parser.hpp"
#include "analyzers/telemetry/line_reader.hpp"
#include "analyzers/telemetry/otlp_parser.hpp"
#include "analyzers/telemetry/text_log_parser.hpp"

#include <simdjson.h>

namespace medic::telemetry {
namespace {

constexpr std::size_t k_max_document_bytes = 512u << 20;
constexpr std::uint64_t k_progress_every_lines = 1u << 16;

enum class Format { json_lines, otlp_lines, json_document, text_log, binary, unknown };

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

Format sniff(std::string_view first_line, const TextLogParser& text_logs) {
    if (looks_binary(first_line))
        return Format::binary;
    auto const line = trim(first_line);
    if (line.starts_with('{')) {
        if (!line.ends_with('}'))
            return Format::json_document; // pretty-printed: Google Benchmark, OTLP export
        return line.find("\"resourceSpans\"") != std::string_view::npos ? Format::otlp_lines
                                                                        : Format::json_lines;
    }
    return text_logs.matches(first_line) ? Format::text_log : Format::unknown;
}

/// Everything one input's reading needs, and its accounting.
struct SourceContext {
    SourceStats& stats;
    IngestStats& ingest;
    Aggregator& aggregator;
    const TextLogParser& text_logs;
    const IngestOptions& options;

    void malformed(std::uint64_t line, std::string reason) {
        ++stats.malformed;
        ++ingest.malformed_total;
        if (ingest.malformed.size() < IngestStats::k_max_malformed_kept)
            ingest.malformed.push_back({stats.path, line, std::move(reason)});
    }
};

/// Reads the rest of a pretty-printed document and parses it by its top-level keys.
void read_document(Line first, LineReader& reader, SourceContext& context) {
    std::string text(first.text);
    while (auto line = reader.next()) {
        text.append("\n").append(line->text);
        if (text.size() > k_max_document_bytes) {
            context.stats.error = "a single JSON document over 512 MiB: write it as JSON lines";
            return;
        }
    }
    std::expected<std::size_t, std::string> taken;
    if (text.find("\"resourceSpans\"") != std::string::npos) {
        context.stats.format = "otlp-json";
        OtlpParser parser(context.aggregator);
        taken = parser.parse(text);
    } else {
        context.stats.format = "gbench-json";
        taken = parse_benchmark_document(text, context.aggregator);
    }
    if (taken)
        context.stats.records += *taken;
    else
        context.malformed(first.number, "document: " + taken.error());
}

/// Applies `parse_line` (returns a malformed reason or nullopt) to every line from `first` on.
template <typename ParseLine>
void read_lines(Line first, LineReader& reader, SourceContext& context, ParseLine&& parse_line) {
    std::optional<Line> line = first;
    for (; line; line = reader.next()) {
        if (line->too_long) {
            context.malformed(line->number, "line longer than 16 MiB, skipped");
            continue;
        }
        if (trim(line->text).empty())
            continue;
        if (auto problem = parse_line(*line))
            context.malformed(line->number, std::move(*problem));
        else
            ++context.stats.records;
        if (context.options.on_progress && line->number % k_progress_every_lines == 0)
            context.options.on_progress(
                {context.stats.path, reader.bytes_read(), context.stats.bytes});
    }
}

std::optional<Line> first_content_line(LineReader& reader, SourceContext& context) {
    while (auto line = reader.next()) {
        if (line->too_long)
            context.malformed(line->number, "line longer than 16 MiB, skipped");
        else if (!trim(line->text).empty())
            return line;
    }
    return std::nullopt;
}

void read_by_format(Format format, Line first, LineReader& reader, SourceContext& context) {
    switch (format) {
    case Format::json_lines: {
        context.stats.format = first.text.find("\"duration_ms\"") != std::string_view::npos
                                   ? "medic-jsonl"
                                   : "json-log";
        auto const parser = make_json_lines_parser(context.aggregator);
        read_lines(first, reader, context, [&](const Line& line) { return parser->parse(line); });
        break;
    }
    case Format::otlp_lines: {
        context.stats.format = "otlp-json";
        OtlpParser parser(context.aggregator);
        read_lines(first, reader, context, [&](const Line& line) -> std::optional<std::string> {
            auto taken = parser.parse(line.text);
            return taken ? std::nullopt : std::optional(taken.error());
        });
        break;
    }
    case Format::text_log:
        context.stats.format = "text-log";
        read_lines(first, reader, context, [&](const Line& line) {
            return context.text_logs.parse(line.text, context.aggregator);
        });
        break;
    case Format::json_document:
        read_document(first, reader, context);
        break;
    case Format::binary:
        context.stats.error = "binary data, not telemetry (line " + std::to_string(first.number) +
                              " holds control bytes or invalid UTF-8)";
        break;
    case Format::unknown:
        context.stats.error = "unrecognised format: line " + std::to_string(first.number) +
                              " is neither JSON nor matches telemetry.text_log_pattern";
        break;
    }
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
    if (auto first = first_content_line(reader, context))
        read_by_format(sniff(first->text, context.text_logs), *first, reader, context);
    else if (!reader.error())
        context.stats.format = "empty";
    if (reader.error() && context.stats.error.empty())
        context.stats.error = reader.error()->message;
    context.stats.bytes = reader.bytes_read();
    context.stats.lines = reader.lines_read();
}

} // namespace

Result<TelemetrySummary> ingest(const std::vector<std::string>& inputs,
                                const IngestOptions& options) {
    if (inputs.empty())
        return fail(ErrorCode::invalid_input, "no telemetry input given");
    auto redactor = Redactor::create(options.telemetry.redact_patterns);
    if (!redactor)
        return std::unexpected(redactor.error());
    auto text_logs = TextLogParser::create(options.telemetry.text_log_pattern);
    if (!text_logs)
        return std::unexpected(text_logs.error());
    Aggregator aggregator(options.telemetry, *redactor);
    IngestStats ingest_stats;
    ingest_stats.sources.reserve(inputs.size());
    std::string failures;
    for (auto const& path : inputs) {
        auto& stats = ingest_stats.sources.emplace_back();
        SourceContext context{stats, ingest_stats, aggregator, *text_logs, options};
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
