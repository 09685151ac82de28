#pragma once
// What the per-parser fuzz targets share: an aggregator with small limits, and the input
// copied into a buffer with the padding simdjson reads past the end.

#include "analyzers/telemetry/aggregator.hpp"
#include "analyzers/telemetry/line_reader.hpp"
#include "analyzers/telemetry/redactor.hpp"

#include <cstdint>
#include <string>

namespace medic::fuzz {

struct ParserFixture {
    ParserFixture() : aggregator(config(), redactor()) {}

    /// Built once: compiling the rules is the same work for every input.
    static const telemetry::Redactor& redactor() {
        static const telemetry::Redactor rules = *telemetry::Redactor::create({});
        return rules;
    }

    /// Small limits reach the limit paths with small inputs.
    static const TelemetryConfig& config() {
        static const TelemetryConfig small = [] {
            TelemetryConfig limits;
            limits.max_windows = 8;
            limits.max_handlers = 16;
            limits.max_error_templates = 8;
            return limits;
        }();
        return small;
    }

    telemetry::Aggregator aggregator;
};

/// The input and simdjson's padding after it.
inline std::string padded(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    text.append(telemetry::LineReader::k_padding, '\0');
    return text;
}

} // namespace medic::fuzz
