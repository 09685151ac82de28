#include "analyzers/telemetry/benchmark_parser.hpp"

#include "bot/model/json.hpp"

#include <nlohmann/json.hpp>

namespace medic::telemetry {
namespace {

std::optional<double> unit_to_ms(std::string_view unit) {
    if (unit == "ns")
        return 1e-6;
    if (unit == "us")
        return 1e-3;
    if (unit == "ms")
        return 1.0;
    if (unit == "s")
        return 1e3;
    return std::nullopt;
}

} // namespace

std::expected<std::size_t, std::string> parse_benchmark_document(std::string_view text,
                                                                 Aggregator& aggregator) {
    auto const document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded())
        return std::unexpected(std::string("not valid JSON"));
    if (!document.contains("benchmarks") || !document["benchmarks"].is_array())
        return std::unexpected(std::string("no 'benchmarks' array"));
    std::size_t taken = 0;
    for (auto const& run : document["benchmarks"]) {
        // Aggregates (mean, median, stddev) summarise repetitions we already read one by one.
        if (!run.is_object() || text_of(run, "run_type", "iteration") == "aggregate")
            continue;
        auto const name = text_of(run, "run_name", text_of(run, "name"));
        auto const scale = unit_to_ms(text_of(run, "time_unit", "ns"));
        if (name.empty() || !scale || !run.contains("real_time") || !run["real_time"].is_number())
            return std::unexpected("benchmark entry " + std::to_string(taken) +
                                   " lacks name, real_time or a known time_unit");
        CallRecord call;
        call.handler = name;
        call.duration_ms = run["real_time"].get<double>() * *scale;
        call.error = flag_of(run, "error_occurred");
        auto const message = text_of(run, "error_message");
        call.error_message = message;
        call.source = SampleSource::benchmark;
        if (auto problem = aggregator.add_call(call))
            return std::unexpected("benchmark '" + name + "': " + *problem);
        ++taken;
    }
    return taken;
}

} // namespace medic::telemetry
