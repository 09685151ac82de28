#include "generators/tests/recorded_examples.hpp"

#include "bot/model/evidence.hpp"
#include "bot/model/json.hpp"

#include <algorithm>

namespace medic {

namespace {

std::string attribute_text(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : to_json_text(value);
}

std::optional<RecordedExample> read_example(const ExampleCallEvidence& example) {
    if (!example.attrs.is_object())
        return std::nullopt;
    RecordedExample recorded;
    for (const auto& [key, value] : example.attrs.items())
        recorded.inputs.emplace_back(key, attribute_text(value));
    recorded.error = example.error;
    recorded.duration_ms = example.duration_ms;
    return recorded;
}

} // namespace

RecordedExamples recorded_examples(const Anomaly& anomaly) {
    RecordedExamples recorded;
    for (const ExampleCallEvidence& example : example_calls(anomaly)) {
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
