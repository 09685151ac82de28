#include "bot/model/evidence.hpp"

namespace medic {
namespace {

using json = nlohmann::json;

std::vector<std::string> strings_at(const json& object, const char* key) {
    std::vector<std::string> strings;
    auto const found = object.find(key);
    if (found == object.end() || !found->is_array())
        return strings;
    for (auto const& item : *found)
        if (item.is_string())
            strings.push_back(item.get<std::string>());
    return strings;
}

std::uint64_t count_at(const json& object, const char* key) {
    auto const found = object.find(key);
    if (found == object.end() || !found->is_number())
        return 0;
    if (found->is_number_unsigned())
        return found->get<std::uint64_t>();
    double const value = found->get<double>(); // negative, fractional or huge: not a count
    return value >= 0 && value < 1.8e19 ? static_cast<std::uint64_t>(value) : 0;
}

std::string text_at(const json& object, const char* key) {
    auto const found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

bool flag_at(const json& object, const char* key) {
    auto const found = object.find(key);
    return found != object.end() && found->is_boolean() && found->get<bool>();
}

json order_json(const SequenceOrderEvidence& order) {
    return {{"steps", order.steps},
            {"runs", order.runs},
            {"failed_runs", order.failed_runs},
            {"follows_expected", order.follows_expected},
            {"example_runs", order.example_runs}};
}

SequenceOrderEvidence order_of(const json& object) {
    return {strings_at(object, "steps"), count_at(object, "runs"), count_at(object, "failed_runs"),
            flag_at(object, "follows_expected"), strings_at(object, "example_runs")};
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
        strings_at(e, "expected_order"),       text_at(e, "expected_from"),
        strings_at(e, "actual_order"),         count_at(e, "runs"),
        count_at(e, "misordered_runs"),        count_at(e, "misordered_failed_runs"),
        count_at(e, "complete_in_order_runs"), count_at(e, "complete_in_order_failed_runs"),
        count_at(e, "single_step_runs"),       count_at(e, "truncated_runs"),
        count_at(e, "runs_in_other_orders"),   {}};
    if (auto const orders = e.find("orders"); orders != e.end() && orders->is_array())
        for (auto const& order : *orders)
            if (order.is_object())
                evidence.orders.push_back(order_of(order));
    return evidence;
}

} // namespace medic
