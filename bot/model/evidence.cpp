#include "bot/model/evidence.hpp"

#include "bot/model/evidence_parts.hpp"
#include "bot/model/json.hpp"
#include "bot/model/json_fields.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace medic {
namespace {

using json = nlohmann::json;

json order_json(const SequenceOrderEvidence& order) {
    return {{"steps", order.steps},
            {"runs", order.runs},
            {"failed_runs", order.failed_runs},
            {"follows_expected", order.follows_expected},
            {"example_runs", order.example_runs}};
}

SequenceOrderEvidence order_of(const json& object) {
    return {strings_field(object, "steps"), count_field(object, "runs"),
            count_field(object, "failed_runs"), bool_field(object, "follows_expected", false),
            strings_field(object, "example_runs")};
}

ExampleCallEvidence example_of(const json& object) {
    const json* attrs = field(object, "attrs");
    return {integer_field(object, "ts_ms"), number_field(object, "duration_ms").value_or(0),
            bool_field(object, "error", false), attrs ? *attrs : json()};
}

/// Keys of a sketch read from a report stay within what any duration can have (about -1,100
/// for a fraction of a nanosecond, 1,400 for days), with room: every value a key stands for is
/// finite, so no median or speedup read from it is infinite.
constexpr double k_max_sketch_key = 4096;
/// The most values a sketch read from a report may hold: its count stays exact in a double.
constexpr std::uint64_t k_max_sketch_count = std::uint64_t{1} << 53;

/// The "sketch" of a latency object, when it is one Medic wrote (else absent).
std::optional<QuantileSketch> sketch_at(const json& latency) {
    const json* sketch = field(latency, "sketch");
    if (sketch == nullptr)
        return std::nullopt;
    auto const min_key = number_field(*sketch, "min_key");
    auto const bins = array_field(*sketch, "bins");
    if (!min_key || !(std::abs(*min_key) <= k_max_sketch_key) || *min_key != std::trunc(*min_key) ||
        bins.size() > QuantileSketch::k_max_bins)
        return std::nullopt;
    QuantileSketch::State state{
        static_cast<std::int32_t>(*min_key), {}, count_field(*sketch, "zero_count")};
    std::uint64_t total = state.zero_count;
    for (auto const& bin : bins) {
        if (!bin.is_number_unsigned())
            return std::nullopt;
        auto const count = bin.get<std::uint64_t>();
        if (count > k_max_sketch_count - std::min(total, k_max_sketch_count))
            return std::nullopt;
        total += count;
        state.bins.push_back(count);
    }
    if (total > k_max_sketch_count)
        return std::nullopt;
    return QuantileSketch::from_state(std::move(state));
}

} // namespace

namespace evidence_parts {

LatencyEvidence latency_at(const json& object, std::string_view key) {
    const json* latency = field(object, key);
    if (latency == nullptr)
        return {};
    auto number = [&](std::string_view name) { return number_field(*latency, name).value_or(0); };
    return {count_field(*latency, "count"),
            number("mean_ms"),
            number("p50_ms"),
            number("p90_ms"),
            number("p95_ms"),
            number("p99_ms"),
            number("max_ms"),
            count_field(*latency, "errors"),
            sketch_at(*latency)};
}

std::vector<ExampleCallEvidence> examples_in(const json& object) {
    std::vector<ExampleCallEvidence> examples;
    for (auto const& example : array_field(object, "examples"))
        if (example.is_object())
            examples.push_back(example_of(example));
    return examples;
}

json examples_json(const std::vector<ExampleCallEvidence>& examples) {
    auto list = json::array();
    for (auto const& example : examples)
        list.push_back(evidence_json(example));
    return list;
}

} // namespace evidence_parts

json evidence_json(const LatencyEvidence& latency) {
    json written{{"count", latency.count},   {"mean_ms", latency.mean_ms},
                 {"p50_ms", latency.p50_ms}, {"p90_ms", latency.p90_ms},
                 {"p95_ms", latency.p95_ms}, {"p99_ms", latency.p99_ms},
                 {"max_ms", latency.max_ms}, {"errors", latency.errors}};
    if (latency.sketch)
        written["sketch"] = *latency.sketch;
    return written;
}

json evidence_json(const ExampleCallEvidence& example) {
    return {{"ts_ms", example.ts_ms},
            {"duration_ms", example.duration_ms},
            {"error", example.error},
            {"attrs", example.attrs}};
}

std::vector<ExampleCallEvidence> example_calls(const Anomaly& anomaly) {
    return evidence_parts::examples_in(anomaly.evidence);
}

json evidence_json(const UntestedEvidence& evidence) {
    return {
        {"count", evidence.count},
        {"share_of_calls", evidence.share_of_calls},
        {"definition", {{"file", evidence.definition_file}, {"line", evidence.definition_line}}},
        {"examples", evidence_parts::examples_json(evidence.examples)}};
}

UntestedEvidence untested_evidence(const Anomaly& anomaly) {
    auto const& e = anomaly.evidence;
    const json* definition = field(e, "definition");
    const json none;
    const json& place = definition ? *definition : none;
    const std::uint64_t line = count_field(place, "line");
    return {count_field(e, "count"), number_field(e, "share_of_calls").value_or(0),
            string_field(place, "file").value_or(""),
            line <= std::numeric_limits<unsigned>::max() ? static_cast<unsigned>(line) : 0u,
            evidence_parts::examples_in(e)};
}

json evidence_json(const MisorderedEvidence& evidence) {
    auto orders = json::array();
    for (auto const& order : evidence.orders)
        orders.push_back(order_json(order));
    return {{"expected_order", evidence.expected_order},
            {"expected_from", evidence.expected_from},
            {"actual_order", evidence.actual_order},
            {"runs", evidence.runs},
            {"misordered_runs", evidence.misordered_runs},
            {"misordered_failed_runs", evidence.misordered_failed_runs},
            {"complete_in_order_runs", evidence.complete_in_order_runs},
            {"complete_in_order_failed_runs", evidence.complete_in_order_failed_runs},
            {"single_step_runs", evidence.single_step_runs},
            {"truncated_runs", evidence.truncated_runs},
            {"runs_in_other_orders", evidence.runs_in_other_orders},
            {"orders", orders}};
}

MisorderedEvidence misordered_evidence(const Anomaly& anomaly) {
    auto const& e = anomaly.evidence;
    MisorderedEvidence evidence{
        strings_field(e, "expected_order"),       string_field(e, "expected_from").value_or(""),
        strings_field(e, "actual_order"),         count_field(e, "runs"),
        count_field(e, "misordered_runs"),        count_field(e, "misordered_failed_runs"),
        count_field(e, "complete_in_order_runs"), count_field(e, "complete_in_order_failed_runs"),
        count_field(e, "single_step_runs"),       count_field(e, "truncated_runs"),
        count_field(e, "runs_in_other_orders"),   {}};
    for (auto const& order : array_field(e, "orders"))
        if (order.is_object())
            evidence.orders.push_back(order_of(order));
    return evidence;
}

} // namespace medic
