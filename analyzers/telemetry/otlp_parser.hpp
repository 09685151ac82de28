#pragma once
// OpenTelemetry OTLP/JSON traces: one ExportTraceServiceRequest per line (the collector's file
// exporter) or one whole document. Spans become handler calls; the children of one parent span,
// ordered by start time, become a sequence run named after the parent.

#include "analyzers/telemetry/aggregator.hpp"

#include <expected>
#include <optional>
#include <simdjson.h>
#include <string>

namespace medic::telemetry {

class OtlpParser {
public:
    explicit OtlpParser(Aggregator& aggregator) : m_aggregator(aggregator) {}

    /// What Medic reads from one span (public so helpers in the .cpp can fill it).
    struct Span;

    /// Parses one request. Returns the number of spans taken in, or why the text is malformed.
    std::expected<std::size_t, std::string> parse(std::string_view text);

private:
    std::optional<std::string> read_span(simdjson::dom::element element, Span& span);
    void emit(std::vector<Span>& spans);

    Aggregator& m_aggregator;
    simdjson::dom::parser m_parser;
};

} // namespace medic::telemetry
