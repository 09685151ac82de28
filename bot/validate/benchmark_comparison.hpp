#pragma once
// The before/after proof of a `slow` fix: Google Benchmark runs of the base and the patched build,
// reduced to medians, a speedup and a Mann-Whitney U p-value, and judged against the bar.

#include "bot/model/config.hpp"
#include "bot/model/result.hpp"
#include "bot/model/verdict.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace medic::validate {

/// Real time per iteration, in nanoseconds, of benchmark `name` in Google Benchmark JSON output.
/// With `family`, the sum over `name` and its instances with arguments ("BM_Search/8").
Result<double> benchmark_time_ns(std::string_view json_text, std::string_view name,
                                 bool family = false);

/// Medians, speedup (base / patched) and the two-sided p-value of two sets of runs.
BenchmarkComparison compare_runs(std::string name, std::vector<double> base_ns,
                                 std::vector<double> patched_ns, const ValidateConfig& config);

/// Empty when the comparison clears the bar (speedup >= 1 + min_speedup and p < alpha), else
/// the sentence that says why not.
std::string speedup_shortfall(const BenchmarkComparison& comparison);

/// "2.31× faster (−57 % time), p = 1.1e-05".
std::string describe_speedup(const BenchmarkComparison& comparison);

} // namespace medic::validate
