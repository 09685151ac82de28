#include "generators/tests/test_view.hpp"

#include "bot/model/evidence.hpp"
#include "bot/model/json_fields.hpp"
#include "generators/templates/cpp_text.hpp"
#include "generators/templates/number_text.hpp"
#include "generators/tests/recorded_examples.hpp"

namespace medic {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

constexpr std::size_t k_example_runs_named = 3;

std::string example_note(const RecordedExample& example) {
    std::string note = "recorded";
    if (example.duration_ms)
        note += " taking " + significant(*example.duration_ms) + " ms";
    return note + (example.error ? ", answered with an error" : ", served");
}

// Keys and values reach the generated code only as string literals.
data example_view(std::size_t number, const RecordedExample& example) {
    list inputs;
    for (const auto& [key, value] : example.inputs) {
        data input;
        input.set("key", cpp_string_literal(key));
        input.set("value", cpp_string_literal(value));
        inputs.push_back(input);
    }
    data view;
    view.set("number", std::to_string(number));
    view.set("note", cpp_comment_text(example_note(example)));
    view.set("inputs", inputs);
    view.set("served", example.error ? "false" : "true");
    return view;
}

void set_examples(data& view, const Anomaly& anomaly) {
    const RecordedExamples recorded = recorded_examples(anomaly);
    list examples;
    for (std::size_t i = 0; i < recorded.examples.size(); ++i)
        examples.push_back(example_view(i + 1, recorded.examples[i]));
    view.set("has_examples", !examples.empty());
    view.set("example_count", std::to_string(examples.size()));
    view.set("has_unreadable_examples", recorded.unreadable > 0);
    view.set("unreadable_examples", std::to_string(recorded.unreadable));
    view.set("examples", examples);
    // A benchmark needs at least one call to time: one request without inputs.
    view.set("bench_uses_empty_input", examples.empty());
    if (examples.empty())
        examples.push_back(example_view(1, RecordedExample{}));
    view.set("bench_examples", examples);
}

// "checkout\x1fr-91" (sequence, unit separator, run id) -> "r-91".
std::string run_id(const std::string& key) {
    const auto cut = key.rfind('\x1f');
    return cut == std::string::npos ? key : key.substr(cut + 1);
}

std::vector<std::string> failed_example_runs(const MisorderedEvidence& evidence) {
    std::vector<std::string> runs;
    for (const SequenceOrderEvidence& order : evidence.orders) {
        if (order.follows_expected || order.failed_runs == 0)
            continue;
        for (const std::string& run : order.example_runs)
            if (runs.size() < k_example_runs_named)
                runs.push_back(run_id(run));
    }
    return runs;
}

// Why the test exists, told when it fails: "production ran 'checkout' out of this order ...".
std::string order_message(const Anomaly& anomaly) {
    const MisorderedEvidence evidence = misordered_evidence(anomaly);
    std::string message = "production ran '" + anomaly.sequence + "' out of this order in " +
                          std::to_string(evidence.misordered_runs) + " of " +
                          std::to_string(evidence.runs) + " runs, and " +
                          std::to_string(evidence.misordered_failed_runs) + " of those runs failed";
    const std::vector<std::string> runs = failed_example_runs(evidence);
    for (std::size_t i = 0; i < runs.size(); ++i)
        message += (i == 0 ? " (for example " : ", ") + runs[i];
    return message + (runs.empty() ? "" : ")");
}

void set_order(data& view, const TestRequest& request) {
    list steps;
    for (const std::string& step : expected_order_of(request)) {
        data item;
        item.set("literal", cpp_string_literal(step));
        item.set("name", cpp_comment_text(step));
        steps.push_back(item);
    }
    view.set("expected_order", steps);
    view.set("sequence_literal", cpp_string_literal(request.anomaly.sequence));
    view.set("order_message_literal", cpp_string_literal(order_message(request.anomaly)));
}

} // namespace

std::vector<std::string> expected_order_of(const TestRequest& request) {
    if (!request.expected_order.empty())
        return request.expected_order;
    return misordered_evidence(request.anomaly).expected_order;
}

data test_view(const TestRequest& request, const GeneratedNames& names) {
    const Anomaly& anomaly = request.anomaly;
    data view;
    view.set("anomaly_id", anomaly.id);
    view.set("short_id", names.short_id);
    view.set("kind", std::string(to_string(anomaly.kind)));
    view.set("subject", cpp_comment_text(names.subject));
    view.set("summary", cpp_comment_text(anomaly.summary));
    view.set("harness_header", request.harness.header);
    view.set("harness_target", request.harness.target);
    view.set("suite", names.suite);
    view.set("benchmark", names.benchmark);
    view.set("handler_literal", cpp_string_literal(anomaly.handler));
    set_examples(view, anomaly);
    if (anomaly.kind == AnomalyKind::misordered)
        set_order(view, request);
    return view;
}

} // namespace medic
