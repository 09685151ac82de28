// Fuzz target: one OTLP/JSON ExportTraceServiceRequest, as the OTLP parser gets it.
#include "analyzers/telemetry/otlp_parser.hpp"
#include "tests/fuzz/parser_fixture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    medic::fuzz::ParserFixture fixture;
    auto const parser = medic::telemetry::make_otlp_parser(fixture.aggregator);
    auto const text = medic::fuzz::padded(data, size);
    static_cast<void>(parser->parse(std::string_view(text.data(), size), text.size()));
    static_cast<void>(fixture.aggregator.finish({}));
    return 0;
}
