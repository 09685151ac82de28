#pragma once
// Medic JSON-lines events and structured JSON logs: the bulk path, parsed with simdjson On-Demand.

#include "analyzers/telemetry/aggregator.hpp"
#include "analyzers/telemetry/line_reader.hpp"
#include "analyzers/telemetry/simd_kernel.hpp"

#include <memory>
#include <optional>
#include <string>

namespace medic::telemetry {

/// Parses one line at a time: an event (`handler` + `duration_ms`) or a log (`level`/`message`).
class JsonLinesParser {
public:
    virtual ~JsonLinesParser() = default;
    /// Feeds one line to the aggregator; returns why the line is malformed, or nullopt.
    virtual std::optional<std::string> parse(const Line& line) = 0;
};

/// The parser for `kernel` (AVX2 "haswell" or portable "generic"); `best` picks by CPU features.
/// Asking for haswell on a CPU without AVX2 gets generic.
std::unique_ptr<JsonLinesParser> make_json_lines_parser(Aggregator& aggregator,
                                                        SimdKernel kernel = SimdKernel::best);

/// The kernel make_json_lines_parser picks on this CPU, for reports and benchmarks.
std::string_view json_lines_kernel();

} // namespace medic::telemetry
