#pragma once
// OpenTelemetry OTLP/JSON traces: one ExportTraceServiceRequest per line (the collector's file
// exporter) or one whole document. Accepts every shape proto3's JSON mapping allows: omitted
// defaults ("status":{}), enums as numbers or names, 64-bit integers as strings or numbers,
// lowerCamelCase or original field names, null for absent. Spans become handler calls (see
// OtlpEmitter); nothing in the input can make it throw.

#include "analyzers/telemetry/aggregator.hpp"
#include "analyzers/telemetry/otlp_span.hpp"
#include "analyzers/telemetry/simd_kernel.hpp"

#include <memory>
#include <string_view>

namespace medic::telemetry {

class OtlpParser {
public:
    virtual ~OtlpParser() = default;
    /// Parses one request. `readable` bytes from text.data() may be read (at least
    /// text.size() + 64: simdjson reads ahead). A bad span is counted and skipped; a request that
    /// breaks off keeps the spans read before the break.
    virtual OtlpOutcome parse(std::string_view text, std::size_t readable) = 0;
};

/// The parser for `kernel` (see make_json_lines_parser).
std::unique_ptr<OtlpParser> make_otlp_parser(Aggregator& aggregator,
                                             SimdKernel kernel = SimdKernel::best);

} // namespace medic::telemetry
