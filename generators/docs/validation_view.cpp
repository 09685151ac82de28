#include "generators/docs/validation_view.hpp"

#include "generators/docs/markdown.hpp"
#include "generators/templates/number_text.hpp"
#include "generators/tests/recorded_examples.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace medic {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

std::string command_result(const CommandRecord& command) {
    if (command.timed_out)
        return "timed out";
    return command.exit_code == 0 ? "passed"
                                  : "failed (exit " + std::to_string(command.exit_code) + ")";
}

list commands_view(const Verdict& verdict) {
    list commands;
    for (const CommandRecord& command : verdict.commands) {
        data row;
        row.set("step", table_cell(markdown_prose(command.step)));
        row.set("build", table_cell(markdown_prose(command.build)));
        row.set("command", table_cell(inline_code(command.command)));
        row.set("result", command_result(command));
        row.set("passed", command.exit_code == 0 && !command.timed_out);
        row.set("seconds", significant(command.seconds, 3));
        commands.push_back(row);
    }
    return commands;
}

// A round upper end for the chart's axis, just above `value` (300 for 270).
double axis_max(double value) {
    if (!(value > 0))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0})
        if (step * power >= value)
            return step * power;
    return 10 * power;
}

// A reason as a sentence: capitalised, with a full stop.
std::string sentence(std::string text) {
    if (text.empty())
        return text;
    if (std::islower(static_cast<unsigned char>(text.front())) != 0)
        text.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(text.front())));
    if (std::string_view(".!?").find(text.back()) == std::string_view::npos)
        text += '.';
    return text;
}

data chart_view(const BenchmarkComparison& comparison, std::size_t replays) {
    const double base_us = comparison.base_median_ns / double(replays) / 1000;
    const double patched_us = comparison.patched_median_ns / double(replays) / 1000;
    data chart;
    chart.set("base_us", significant(base_us));
    chart.set("patched_us", significant(patched_us));
    chart.set("axis_max", significant(axis_max(1.1 * std::max(base_us, patched_us))));
    chart.set("title",
              comparison.from_repository
                  ? "Median time per iteration of " + mermaid_label(comparison.benchmark) + " (µs)"
                  : std::string("Median time per replayed request (µs)"));
    chart.set("unit", comparison.from_repository ? "µs per iteration" : "µs per request");
    return chart;
}

data benchmark_view(const BenchmarkComparison& comparison, std::size_t replays) {
    data view;
    view.set("name", inline_code(comparison.benchmark));
    view.set("base_runs", std::to_string(comparison.base_ns.size()));
    view.set("patched_runs", std::to_string(comparison.patched_ns.size()));
    view.set("base_median", duration_text(comparison.base_median_ns));
    view.set("patched_median", duration_text(comparison.patched_median_ns));
    view.set("replays", std::to_string(replays));
    view.set("from_repository", comparison.from_repository);
    view.set("replayed", !comparison.from_repository);
    view.set("base_per_replay", duration_text(comparison.base_median_ns / double(replays)));
    view.set("patched_per_replay", duration_text(comparison.patched_median_ns / double(replays)));
    view.set("speedup", significant(comparison.speedup) + "×");
    view.set("speedup_text", speedup_text(comparison.speedup));
    view.set("faster", comparison.speedup > 1);
    view.set("p_value", p_value_text(comparison.p_value));
    view.set("p_method", comparison.exact_p ? "exact" : "normal approximation");
    view.set("min_speedup", percent_text(comparison.min_speedup));
    view.set("bar_speedup", significant(1 + comparison.min_speedup) + "×");
    view.set("alpha", significant(comparison.alpha));
    view.set("bar_met", comparison.speedup >= 1 + comparison.min_speedup &&
                            comparison.p_value < comparison.alpha);
    return view;
}

void set_generated_tests(data& view, const DocRequest& request) {
    const Verdict& verdict = request.verdict;
    view.set("generated_test_passes", std::to_string(verdict.generated_test_passes));
    view.set("flaky_runs", std::to_string(request.validate.flaky_runs));
    view.set("has_test_passes", verdict.generated_test_passes > 0);
    view.set("failed_on_base", verdict.generated_tests_fail_on_base.value_or(false));
    view.set("passed_on_base", !verdict.generated_tests_fail_on_base.value_or(true));
}

} // namespace

std::string duration_text(double ns) {
    if (!std::isfinite(ns))
        return "n/a";
    if (std::fabs(ns) < 1e3)
        return significant(ns) + " ns";
    if (std::fabs(ns) < 1e6)
        return significant(ns / 1e3) + " µs";
    if (std::fabs(ns) < 1e9)
        return significant(ns / 1e6) + " ms";
    return significant(ns / 1e9) + " s";
}

std::string speedup_text(double speedup) {
    if (!(speedup > 0) || !std::isfinite(speedup))
        return "no measurable speedup";
    const double change = (1 / speedup - 1) * 100;
    const std::string amount = significant(std::fabs(change), 2) + " %";
    if (speedup >= 1)
        return significant(speedup) + "× faster (−" + amount + ")";
    return significant(1 / speedup) + "× slower (+" + amount + ")";
}

void set_validation_view(data& view, const DocRequest& request) {
    const Verdict& verdict = request.verdict;
    view.set("validated", verdict.validated);
    view.set("not_validated", !verdict.validated);
    view.set("reason", sentence(plain_line(verdict.reason)));
    view.set("reason_md", markdown_prose(sentence(plain_line(verdict.reason))));
    view.set("has_reason", !plain_line(verdict.reason).empty());
    view.set("base_commit", plain_line(verdict.base_commit));
    list commands = commands_view(verdict);
    view.set("has_commands", !commands.empty());
    view.set("commands", commands);
    set_generated_tests(view, request);
    view.set("network_isolated", verdict.network_isolated);
    view.set("isolation_note_md", markdown_prose(verdict.isolation_note));
    view.set("has_isolation_note", !plain_line(verdict.isolation_note).empty());
    view.set("validation_seconds", significant(verdict.seconds));
    if (!verdict.benchmark || verdict.benchmark->base_median_ns <= 0 ||
        verdict.benchmark->patched_median_ns <= 0) {
        view.set("benchmark", false);
        view.set("benchmark_chart", false);
        return;
    }
    // The repository's own benchmark runs what it runs; a generated one replays the recordings.
    const bool own = verdict.benchmark->from_repository;
    const std::size_t replays = own ? 1 : replays_per_iteration(request.anomaly);
    view.set("benchmark", benchmark_view(*verdict.benchmark, replays));
    view.set("benchmark_chart", chart_view(*verdict.benchmark, replays));
}

} // namespace medic
