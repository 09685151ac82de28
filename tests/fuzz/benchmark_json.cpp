// Fuzz target: a Google Benchmark JSON document (--benchmark_format=json).
#include "analyzers/telemetry/benchmark_parser.hpp"
#include "tests/fuzz/parser_fixture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    medic::fuzz::ParserFixture fixture;
    static_cast<void>(medic::telemetry::parse_benchmark_document(
        std::string_view(reinterpret_cast<const char*>(data), size), fixture.aggregator));
    static_cast<void>(fixture.aggregator.finish({}));
    return 0;
}
