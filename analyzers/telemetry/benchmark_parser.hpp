#pragma once
// Google Benchmark JSON (`--benchmark_format=json`): each repetition becomes one call of a
// "handler" named after the benchmark, so a CI benchmark run can be compared with a baseline.

#include "analyzers/telemetry/aggregator.hpp"

#include <expected>
#include <string>

namespace medic::telemetry {

/// Parses a whole Google Benchmark document; returns the runs taken in, or why it is malformed.
std::expected<std::size_t, std::string> parse_benchmark_document(std::string_view text,
                                                                 Aggregator& aggregator);

} // namespace medic::telemetry
