#pragma once
// The significance tests the detectors use, with the formulas written out so a reviewer can
// check them against a textbook.

#include "bot/model/quantile_sketch.hpp"
#include "bot/model/rank_statistics.hpp"

#include <cstdint>
#include <vector>

namespace medic::anomaly {

/// Mann-Whitney U on two latency sketches (bins are the tie groups; normal approximation with
/// tie and continuity correction).
struct MannWhitney {
    double u = 0; ///< U of `current`: pairs where current > baseline (ties count half).
    double z = 0;
    double p_greater = 1; ///< One-sided p-value for "current is stochastically larger".
};
MannWhitney mann_whitney(const QuantileSketch& baseline, const QuantileSketch& current);

/// Mann-Kendall trend test on a series in time order (tie-corrected variance).
struct MannKendall {
    double s = 0;
    double z = 0;
    double p_increasing = 1; ///< One-sided p-value for an upward trend.
};
MannKendall mann_kendall(const std::vector<double>& values);

/// Theil-Sen estimator: the median of pairwise slopes, and the intercept through the median.
struct Line {
    double slope = 0;
    double intercept = 0;
    [[nodiscard]] double at(double x) const { return intercept + slope * x; }
};
Line theil_sen(const std::vector<double>& xs, const std::vector<double>& ys);

/// P(X >= k) for X ~ Binomial(n, p): how surprising k failures are if the true rate were p.
double binomial_sf(std::uint64_t k, std::uint64_t n, double p);

/// One-sided two-proportion z-test: p-value for "x2/n2 is higher than x1/n1".
double two_proportion_p(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2, std::uint64_t n2);

/// One-sided Fisher exact test on a 2x2 table: p-value for "group 2's rate (x2 of n2) is
/// higher than group 1's (x1 of n1)", exact at any count (hypergeometric upper tail).
double fisher_exact_greater(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2, std::uint64_t n2);

/// Sum over a sketch of count x max(0, value - reference): the time spent above `reference`.
double excess_above(const QuantileSketch& sketch, double reference);

} // namespace medic::anomaly
