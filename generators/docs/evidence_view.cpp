#include "generators/docs/evidence_view.hpp"

#include "bot/model/evidence.hpp"
#include "bot/model/json_fields.hpp"
#include "generators/docs/markdown.hpp"
#include "generators/templates/number_text.hpp"
#include "generators/tests/recorded_examples.hpp"

#include <string>
#include <vector>

namespace medic {

using kainjow::mustache::data;
using kainjow::mustache::list;
using nlohmann::json;

namespace {

std::string ms(double value) {
    return significant(value) + " ms";
}

std::string count_text(double value) {
    return significant(value, 15);
}

void add_row(list& rows, std::string_view measure, std::string_view value_markdown) {
    data row;
    row.set("measure", table_cell(measure));
    row.set("value", table_cell(value_markdown));
    rows.push_back(row);
}

std::string steps_text(const std::vector<std::string>& steps) {
    std::string text;
    for (const std::string& step : steps)
        text += (text.empty() ? "" : " → ") + inline_code(step);
    return text;
}

void slow_rows(list& rows, const Anomaly& anomaly) {
    const json& evidence = anomaly.evidence;
    if (const json* budget = field(evidence, "budget")) {
        const std::string quantile =
            markdown_prose(string_field(*budget, "quantile").value_or("p95"));
        if (auto limit = number_field(*budget, "limit_ms"))
            add_row(rows, "Latency budget", quantile + " ≤ " + ms(*limit));
        if (auto observed = number_field(*budget, "observed_ms"))
            add_row(rows, "Observed " + quantile,
                    ms(*observed) + " (" + significant(number_field(*budget, "ratio").value_or(0)) +
                        "× the budget)");
    }
    if (const json* baseline = field(evidence, "baseline")) {
        const json* latency = field(*baseline, "latency");
        const auto median = latency ? number_field(*latency, "p50_ms") : std::nullopt;
        std::string text = median ? ms(*median) : std::string("?");
        if (auto ratio = number_field(*baseline, "median_ratio"))
            text += "; the median is now " + significant(*ratio) + "× that";
        if (const json* test = field(*baseline, "mann_whitney"))
            text += " (Mann-Whitney p " + p_value_text(number_field(*test, "p_value").value_or(1)) +
                    ")";
        add_row(rows, "Baseline median", text);
    }
}

void latency_rows(list& rows, const Anomaly& anomaly) {
    const json* latency = field(anomaly.evidence, "latency");
    if (latency == nullptr)
        return;
    if (auto count = number_field(*latency, "count"))
        add_row(rows, "Calls", count_text(*count));
    std::string text;
    for (const char* key : {"p50_ms", "p90_ms", "p99_ms", "max_ms"})
        text += (text.empty() ? "" : " / ") + significant(number_field(*latency, key).value_or(0));
    add_row(rows, "Latency p50 / p90 / p99 / max", text + " ms");
}

void trend_rows(list& rows, const Anomaly& anomaly) {
    const json& evidence = anomaly.evidence;
    const std::string quantile = markdown_prose(string_field(evidence, "quantile").value_or("p95"));
    if (auto budget = number_field(evidence, "budget_ms"))
        add_row(rows, "Latency budget", quantile + " ≤ " + ms(*budget));
    if (auto now = number_field(evidence, "fitted_now_ms"))
        add_row(rows, "Fitted " + quantile + " now", ms(*now));
    if (auto slope = number_field(evidence, "slope_ms_per_hour"))
        add_row(rows, "Rising by", ms(*slope) + " per hour");
    if (auto hours = number_field(evidence, "crossing_in_hours"))
        add_row(rows, "Crosses the budget in", significant(*hours) + " hours");
    if (const json* test = field(evidence, "mann_kendall"))
        add_row(rows, "Mann-Kendall p (rising)",
                p_value_text(number_field(*test, "p_value").value_or(1)));
}

void misordered_rows(list& rows, const Anomaly& anomaly) {
    const MisorderedEvidence evidence = misordered_evidence(anomaly);
    add_row(rows, "Sequence", inline_code(anomaly.sequence));
    add_row(rows, "Expected order", steps_text(evidence.expected_order));
    add_row(rows, "Order production ran", steps_text(evidence.actual_order));
    if (!evidence.expected_from.empty())
        add_row(rows, "Expected order from", markdown_prose(evidence.expected_from));
    const auto runs = static_cast<double>(evidence.runs);
    const auto misordered = static_cast<double>(evidence.misordered_runs);
    const auto failed = static_cast<double>(evidence.misordered_failed_runs);
    add_row(rows, "Runs", count_text(runs));
    add_row(rows, "Misordered runs", count_text(misordered) + " of " + count_text(runs));
    add_row(rows, "Misordered runs that failed",
            count_text(failed) +
                (misordered > 0 ? " (" + percent_text(failed / misordered) + ")" : ""));
}

void errors_rows(list& rows, const Anomaly& anomaly) {
    const json& evidence = anomaly.evidence;
    if (auto count = number_field(evidence, "count"))
        add_row(rows, "Calls", count_text(*count));
    if (auto errors = number_field(evidence, "errors"))
        add_row(rows, "Errors",
                count_text(*errors) + " (" +
                    percent_text(number_field(evidence, "error_rate").value_or(0)) + ")");
    if (auto budget = number_field(evidence, "rate_budget"))
        add_row(rows, "Error budget", percent_text(*budget));
    if (auto p = number_field(evidence, "budget_binomial_p"))
        add_row(rows, "Binomial p (rate over budget)", p_value_text(*p));
    const auto templates = array_field(evidence, "templates");
    if (!templates.empty())
        if (auto pattern = string_field(templates.front(), "pattern"))
            add_row(rows, "Most common message",
                    inline_code(*pattern) + " (" +
                        count_text(number_field(templates.front(), "count").value_or(0)) + "×)");
}

void untested_rows(list& rows, const Anomaly& anomaly) {
    const json& evidence = anomaly.evidence;
    if (auto count = number_field(evidence, "count"))
        add_row(rows, "Calls", count_text(*count));
    if (auto share = number_field(evidence, "share_of_calls"))
        add_row(rows, "Share of all calls", percent_text(*share));
    if (const json* definition = field(evidence, "definition"))
        add_row(rows, "Defined at",
                inline_code(string_field(*definition, "file").value_or("?") + ":" +
                            count_text(number_field(*definition, "line").value_or(0))));
}

void common_rows(list& rows, const Anomaly& anomaly, bool replayed_by_tests) {
    const std::size_t examples = recorded_examples(anomaly).examples.size();
    if (examples > 0)
        add_row(rows, "Recorded example requests",
                std::to_string(examples) +
                    (replayed_by_tests ? " (replayed by the generated tests)" : ""));
    add_row(rows, "Severity", std::string(to_string(anomaly.severity)));
    if (anomaly.impact > 0)
        add_row(rows, "Impact",
                significant(anomaly.impact) + " " + markdown_prose(anomaly.impact_unit));
}

list order_steps(const std::vector<std::string>& steps, std::string_view prefix) {
    list items;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        data step;
        step.set("id", std::string(prefix) + std::to_string(i + 1));
        step.set("label", mermaid_label(steps[i]));
        step.set("first", i == 0);
        items.push_back(step);
    }
    return items;
}

} // namespace

list evidence_rows(const Anomaly& anomaly, bool replayed_by_tests) {
    list rows;
    switch (anomaly.kind) {
    case AnomalyKind::slow:
        slow_rows(rows, anomaly);
        latency_rows(rows, anomaly);
        break;
    case AnomalyKind::trend:
        trend_rows(rows, anomaly);
        latency_rows(rows, anomaly);
        break;
    case AnomalyKind::misordered:
        misordered_rows(rows, anomaly);
        break;
    case AnomalyKind::errors:
        errors_rows(rows, anomaly);
        break;
    case AnomalyKind::untested:
        untested_rows(rows, anomaly);
        break;
    }
    common_rows(rows, anomaly, replayed_by_tests);
    return rows;
}

data order_chart(const Anomaly& anomaly) {
    const auto before = strings_field(anomaly.evidence, "actual_order");
    const auto after = strings_field(anomaly.evidence, "expected_order");
    if (anomaly.kind != AnomalyKind::misordered || before.empty() || after.empty())
        return data(false);
    data chart;
    chart.set("before_steps", order_steps(before, "ran"));
    chart.set("after_steps", order_steps(after, "fixed"));
    return chart;
}

} // namespace medic
