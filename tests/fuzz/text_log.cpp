// Fuzz target: one plain-text log line against the default telemetry.text_log_pattern.
#include "analyzers/telemetry/text_log_parser.hpp"
#include "tests/fuzz/parser_fixture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static auto const parser =
        *medic::telemetry::TextLogParser::create(medic::TelemetryConfig{}.text_log_pattern);
    medic::fuzz::ParserFixture fixture;
    static_cast<void>(parser.parse(std::string_view(reinterpret_cast<const char*>(data), size),
                                   fixture.aggregator));
    static_cast<void>(fixture.aggregator.finish({}));
    return 0;
}
