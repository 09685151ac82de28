#include "generators/docs/evidence_view.hpp"

#include "bot/model/evidence.hpp"
#include "generators/docs/markdown.hpp"
#include "generators/templates/number_text.hpp"
#include "generators/tests/recorded_examples.hpp"

#include <string>
#include <vector>

namespace medic {

using kainjow::mustache::data;
using kainjow::mustache::list;

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

void slow_rows(list& rows, const SlowEvidence& evidence) {
    if (auto const& budget = evidence.budget) {
        const std::string quantile = markdown_prose(budget->quantile);
        add_row(rows, "Latency budget", quantile + " ≤ " + ms(budget->limit_ms));
        add_row(rows, "Observed " + quantile,
                ms(budget->observed_ms) + " (" + significant(budget->ratio) + "× the budget)");
    }
    if (auto const& baseline = evidence.baseline) {
        std::string text = ms(baseline->latency.p50_ms) + "; the median is now " +
                           significant(baseline->median_ratio) + "× that";
        if (auto const& test = baseline->mann_whitney)
            text += " (Mann-Whitney p " + p_value_text(test->p_value) + ")";
        add_row(rows, "Baseline median", text);
    }
}

void latency_rows(list& rows, const LatencyEvidence& latency) {
    add_row(rows, "Calls", count_text(static_cast<double>(latency.count)));
    std::string text;
    for (double value : {latency.p50_ms, latency.p90_ms, latency.p99_ms, latency.max_ms})
        text += (text.empty() ? "" : " / ") + significant(value);
    add_row(rows, "Latency p50 / p90 / p99 / max", text + " ms");
}

void trend_rows(list& rows, const TrendEvidence& evidence) {
    const std::string quantile = markdown_prose(evidence.quantile);
    add_row(rows, "Latency budget", quantile + " ≤ " + ms(evidence.budget_ms));
    add_row(rows, "Fitted " + quantile + " now", ms(evidence.fitted_now_ms));
    add_row(rows, "Rising by", ms(evidence.slope_ms_per_hour) + " per hour");
    add_row(rows, "Crosses the budget in", significant(evidence.crossing_in_hours) + " hours");
    add_row(rows, "Mann-Kendall p (rising)", p_value_text(evidence.mann_kendall.p_value));
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

void errors_rows(list& rows, const ErrorsEvidence& evidence) {
    add_row(rows, "Calls", count_text(static_cast<double>(evidence.count)));
    add_row(rows, "Errors",
            count_text(static_cast<double>(evidence.errors)) + " (" +
                percent_text(evidence.error_rate) + ")");
    add_row(rows, "Error budget", percent_text(evidence.rate_budget));
    if (evidence.budget_binomial_p)
        add_row(rows, "Binomial p (rate over budget)", p_value_text(*evidence.budget_binomial_p));
    if (!evidence.templates.empty())
        add_row(rows, "Most common message",
                inline_code(evidence.templates.front().pattern) + " (" +
                    count_text(static_cast<double>(evidence.templates.front().count)) + "×)");
}

void untested_rows(list& rows, const UntestedEvidence& evidence) {
    add_row(rows, "Calls", count_text(static_cast<double>(evidence.count)));
    add_row(rows, "Share of all calls", percent_text(evidence.share_of_calls));
    add_row(rows, "Defined at",
            inline_code(evidence.definition_file + ":" + std::to_string(evidence.definition_line)));
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
    case AnomalyKind::slow: {
        const SlowEvidence evidence = slow_evidence(anomaly);
        slow_rows(rows, evidence);
        latency_rows(rows, evidence.latency);
        break;
    }
    case AnomalyKind::trend: {
        const TrendEvidence evidence = trend_evidence(anomaly);
        trend_rows(rows, evidence);
        latency_rows(rows, evidence.latency);
        break;
    }
    case AnomalyKind::misordered:
        misordered_rows(rows, anomaly);
        break;
    case AnomalyKind::errors:
        errors_rows(rows, errors_evidence(anomaly));
        break;
    case AnomalyKind::untested:
        untested_rows(rows, untested_evidence(anomaly));
        break;
    }
    common_rows(rows, anomaly, replayed_by_tests);
    return rows;
}

data order_chart(const Anomaly& anomaly) {
    if (anomaly.kind != AnomalyKind::misordered)
        return data(false);
    const MisorderedEvidence evidence = misordered_evidence(anomaly);
    const auto& before = evidence.actual_order;
    const auto& after = evidence.expected_order;
    if (before.empty() || after.empty())
        return data(false);
    data chart;
    chart.set("before_steps", order_steps(before, "ran"));
    chart.set("after_steps", order_steps(after, "fixed"));
    return chart;
}

} // namespace medic
