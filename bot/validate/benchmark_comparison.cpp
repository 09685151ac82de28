#include "bot/validate/benchmark_comparison.hpp"

#include "bot/model/json.hpp"
#include "bot/validate/rank_test.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace medic::validate {

namespace {

std::optional<double> unit_in_ns(std::string_view unit) {
    if (unit == "ns")
        return 1.0;
    if (unit == "us")
        return 1e3;
    if (unit == "ms")
        return 1e6;
    if (unit == "s")
        return 1e9;
    return std::nullopt;
}

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

} // namespace

Result<double> benchmark_time_ns(std::string_view json_text, std::string_view name, bool family) {
    auto const json = nlohmann::json::parse(json_text, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("benchmarks") ||
        !json["benchmarks"].is_array())
        return fail(ErrorCode::invalid_input, "the benchmark did not print Google Benchmark JSON");
    auto const wanted = [&](const std::string& run_name) {
        return run_name == name || (family && run_name.starts_with(name) &&
                                    run_name.size() > name.size() && run_name[name.size()] == '/');
    };
    double total = 0;
    bool found = false;
    for (auto const& run : json["benchmarks"]) {
        if (!run.is_object() || !wanted(text_of(run, "name")) ||
            text_of(run, "run_type", "iteration") != "iteration")
            continue;
        if (flag_of(run, "error_occurred"))
            return fail(ErrorCode::invalid_input, "benchmark " + std::string(name) + " failed: " +
                                                      text_of(run, "error_message", "no message"));
        auto const unit = unit_in_ns(text_of(run, "time_unit", "ns"));
        auto const time = run.find("real_time");
        if (!unit || time == run.end() || !time->is_number())
            return fail(ErrorCode::invalid_input, "benchmark " + std::string(name) +
                                                      " reported no real_time in a known unit");
        total += time->get<double>() * *unit;
        found = true;
        if (!family)
            break;
    }
    if (!found)
        return fail(ErrorCode::not_found,
                    "the benchmark binary has no benchmark named " + std::string(name));
    return total;
}

BenchmarkComparison compare_runs(std::string name, std::vector<double> base_ns,
                                 std::vector<double> patched_ns, const ValidateConfig& config) {
    BenchmarkComparison comparison;
    comparison.benchmark = std::move(name);
    comparison.base_median_ns = median(base_ns);
    comparison.patched_median_ns = median(patched_ns);
    comparison.speedup = comparison.patched_median_ns > 0
                             ? comparison.base_median_ns / comparison.patched_median_ns
                             : 0;
    auto const test = mann_whitney_u(base_ns, patched_ns);
    comparison.p_value = test.p_value;
    comparison.exact_p = test.exact;
    comparison.min_speedup = config.min_speedup;
    comparison.alpha = config.alpha;
    comparison.base_ns = std::move(base_ns);
    comparison.patched_ns = std::move(patched_ns);
    return comparison;
}

std::string describe_speedup(const BenchmarkComparison& c) {
    auto const change = (1.0 - 1.0 / c.speedup) * 100.0; // share of the time saved
    return format("%.2f× ", c.speedup) + (c.speedup >= 1 ? "faster" : "slower") +
           (c.speedup >= 1 ? format(" (%.1f %% less time)", change)
                           : format(" (%.1f %% more time)", -change)) +
           ", p = " + format("%.2g", c.p_value);
}

std::string speedup_shortfall(const BenchmarkComparison& c) {
    auto const bar =
        format("the bar is ≥ %.2f×", 1.0 + c.min_speedup) + format(" with p < %.2g", c.alpha);
    if (!(c.speedup > 0) || !std::isfinite(c.speedup))
        return "the benchmark gave no usable times";
    if (c.speedup < 1.0 && c.p_value < c.alpha)
        return "the patch makes the handler slower: " + describe_speedup(c);
    if (c.speedup < 1.0 + c.min_speedup || c.p_value >= c.alpha)
        return "no significant speedup: " + describe_speedup(c) + "; " + bar;
    return {};
}

} // namespace medic::validate
