#pragma once
// OpenTelemetry OTLP/JSON traces: one ExportTraceServiceRequest per line (the collector's file
// exporter) or one whole document. Spans become handler calls; the children of one parent span,
// ordered by start time, become a sequence run named after the parent.

#include "analyzers/telemetry/aggregator.hpp"

#include <optional>
#include <simdjson.h>
#include <string>

namespace medic::telemetry {

class OtlpParser {
public:
    explicit OtlpParser(Aggregator& aggregator) : m_aggregator(aggregator) {}

    /// What Medic reads from one span (public so helpers in the .cpp can fill it).
    struct Span;

    /// What one request yielded: spans taken in, spans skipped, and the first problem.
    struct Outcome {
        std::size_t spans = 0;
        std::size_t skipped = 0;
        std::string problem; ///< Empty when every span was taken in.
    };

    /// Parses one request; a bad span is skipped and counted, the rest are taken in.
    Outcome parse(std::string_view text);

private:
    std::optional<std::string> read_span(simdjson::dom::element element, Span& span);
    void emit(std::vector<Span>& spans, Outcome& outcome);

    Aggregator& m_aggregator;
    simdjson::dom::parser m_parser;
};

} // namespace medic::telemetry
