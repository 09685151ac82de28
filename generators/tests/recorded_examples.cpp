#include "generators/tests/recorded_examples.hpp"

#include "bot/model/json.hpp"

#include <algorithm>

namespace medic {

namespace {

std::string attribute_text(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : to_json_text(value);
}

std::optional<RecordedExample> read_example(const nlohmann::json& example) {
    if (!example.is_object())
        return std::nullopt;
    const auto attrs = example.find("attrs");
    if (attrs == example.end() || !attrs->is_object())
        return std::nullopt;
    RecordedExample recorded;
    for (const auto& [key, value] : attrs->items())
        recorded.inputs.emplace_back(key, attribute_text(value));
    if (const auto error = example.find("error"); error != example.end() && error->is_boolean())
        recorded.error = error->get<bool>();
    if (const auto ms = example.find("duration_ms"); ms != example.end() && ms->is_number())
        recorded.duration_ms = ms->get<double>();
    return recorded;
}

} // namespace

RecordedExamples recorded_examples(const Anomaly& anomaly) {
    RecordedExamples recorded;
    const auto examples = anomaly.evidence.find("examples");
    if (examples == anomaly.evidence.end() || !examples->is_array())
        return recorded;
    for (const auto& example : *examples) {
        if (recorded.examples.size() == k_max_recorded_examples)
            break;
        if (auto read = read_example(example))
            recorded.examples.push_back(std::move(*read));
        else
            ++recorded.unreadable;
    }
    return recorded;
}

std::size_t replays_per_iteration(const Anomaly& anomaly) {
    return std::max<std::size_t>(1, recorded_examples(anomaly).examples.size());
}

} // namespace medic
