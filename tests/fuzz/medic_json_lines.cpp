// Fuzz target: one line of Medic JSON lines (events and JSON logs), as the line parser gets it.
#include "analyzers/telemetry/json_lines_parser.hpp"
#include "tests/fuzz/parser_fixture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    medic::fuzz::ParserFixture fixture;
    auto const parser = medic::telemetry::make_json_lines_parser(fixture.aggregator);
    auto const text = medic::fuzz::padded(data, size);
    medic::telemetry::Line line{std::string_view(text.data(), size), 1, false, text.size()};
    static_cast<void>(parser->parse(line));
    static_cast<void>(fixture.aggregator.finish({}));
    return 0;
}
