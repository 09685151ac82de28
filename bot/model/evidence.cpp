#include "bot/model/evidence.hpp"

#include "bot/model/json_fields.hpp"

namespace medic {
namespace {

using json = nlohmann::json;

/// A count: a non-negative number that fits; anything else (a report edited by hand) is 0.
std::uint64_t count_field(const json& object, std::string_view key) {
    double const value = number_field(object, key).value_or(0);
    return value >= 0 && value < 1.8e19 ? static_cast<std::uint64_t>(value) : 0;
}

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

} // namespace

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
