#include "analyzers/anomaly/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace medic::anomaly {

MannWhitney mann_whitney(const QuantileSketch& baseline, const QuantileSketch& current) {
    // Both sketches share one bin layout, so equal values mean the same bin.
    std::map<double, std::pair<double, double>> bins; // value -> (baseline, current) counts
    baseline.for_each_bin([&](double v, std::uint64_t c) { bins[v].first += double(c); });
    current.for_each_bin([&](double v, std::uint64_t c) { bins[v].second += double(c); });
    double const n_base = double(baseline.count());
    double const n_cur = double(current.count());
    MannWhitney result;
    if (n_base == 0 || n_cur == 0)
        return result;
    double base_below = 0;
    double tie_term = 0;
    for (auto const& [value, counts] : bins) {
        result.u += counts.second * (base_below + 0.5 * counts.first);
        base_below += counts.first;
        double const t = counts.first + counts.second;
        tie_term += t * t * t - t;
    }
    auto const null = u_null_moments(n_base, n_cur, tie_term);
    if (null.variance <= 0)
        return result;
    result.z = (result.u - null.mean - 0.5) / std::sqrt(null.variance);
    result.p_greater = normal_sf(result.z);
    return result;
}

MannKendall mann_kendall(const std::vector<double>& values) {
    MannKendall result;
    auto const n = values.size();
    if (n < 3)
        return result;
    for (std::size_t i = 0; i + 1 < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j)
            result.s += (values[j] > values[i]) - (values[j] < values[i]);
    std::map<double, double> ties;
    for (double const v : values)
        ties[v] += 1;
    double tie_term = 0;
    for (auto const& [value, t] : ties)
        tie_term += t * (t - 1) * (2 * t + 5);
    double const nn = double(n);
    double const variance = (nn * (nn - 1) * (2 * nn + 5) - tie_term) / 18.0;
    if (variance <= 0)
        return result;
    double const corrected = result.s > 0 ? result.s - 1 : (result.s < 0 ? result.s + 1 : 0);
    result.z = corrected / std::sqrt(variance);
    result.p_increasing = normal_sf(result.z);
    return result;
}

namespace {
/// The median, or 0 for no values (a line through fewer than two distinct x is flat).
double median_or_zero(std::vector<double> values) {
    return values.empty() ? 0.0 : median(std::move(values));
}
} // namespace

Line theil_sen(const std::vector<double>& xs, const std::vector<double>& ys) {
    std::vector<double> slopes;
    for (std::size_t i = 0; i + 1 < xs.size(); ++i)
        for (std::size_t j = i + 1; j < xs.size(); ++j)
            if (xs[j] != xs[i])
                slopes.push_back((ys[j] - ys[i]) / (xs[j] - xs[i]));
    Line line;
    line.slope = median_or_zero(std::move(slopes));
    std::vector<double> intercepts;
    for (std::size_t i = 0; i < xs.size(); ++i)
        intercepts.push_back(ys[i] - line.slope * xs[i]);
    line.intercept = median_or_zero(std::move(intercepts));
    return line;
}

double binomial_sf(std::uint64_t k, std::uint64_t n, double p) {
    if (k == 0)
        return 1.0;
    if (k > n || p <= 0)
        return 0.0; // impossible under the null hypothesis
    if (p >= 1 || double(k) <= double(n) * p)
        return 1.0; // at or below the expected count: not surprising at all
    // Sum the pmf from k upwards in log space; past the mode the terms only shrink.
    double const log_p = std::log(p);
    double const log_q = std::log1p(-p);
    auto const log_pmf = [&](std::uint64_t i) {
        return std::lgamma(double(n) + 1) - std::lgamma(double(i) + 1) -
               std::lgamma(double(n - i) + 1) + double(i) * log_p + double(n - i) * log_q;
    };
    double sum = 0;
    for (std::uint64_t i = k; i <= n; ++i) {
        double const term = std::exp(log_pmf(i));
        sum += term;
        if (term < sum * 1e-12)
            break;
    }
    return std::min(sum, 1.0);
}

double two_proportion_p(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2, std::uint64_t n2) {
    if (n1 == 0 || n2 == 0)
        return 1.0;
    double const p1 = double(x1) / double(n1);
    double const p2 = double(x2) / double(n2);
    double const pooled = double(x1 + x2) / double(n1 + n2);
    double const se = std::sqrt(pooled * (1 - pooled) * (1.0 / double(n1) + 1.0 / double(n2)));
    if (se == 0)
        return p2 > p1 ? 0.0 : 1.0;
    return normal_sf((p2 - p1) / se);
}

double fisher_exact_greater(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2,
                            std::uint64_t n2) {
    // X = failures in group 2 given the margins: hypergeometric(N = n1 + n2, K = x1 + x2, n = n2).
    auto const log_choose = [](double n, double k) {
        return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1);
    };
    double const total = double(n1 + n2);
    double const failures = double(x1 + x2);
    double const draws = double(n2);
    double const denominator = log_choose(total, draws);
    double p = 0;
    for (std::uint64_t i = x2; i <= std::min(n2, x1 + x2); ++i)
        p += std::exp(log_choose(failures, double(i)) +
                      log_choose(total - failures, draws - double(i)) - denominator);
    return std::min(p, 1.0);
}

double excess_above(const QuantileSketch& sketch, double reference) {
    double excess = 0;
    sketch.for_each_bin([&](double value, std::uint64_t count) {
        if (value > reference)
            excess += double(count) * (value - reference);
    });
    return excess;
}

} // namespace medic::anomaly
