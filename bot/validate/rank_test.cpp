#include "bot/validate/rank_test.hpp"

#include "bot/model/rank_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <utility>

namespace medic::validate {
namespace {

/// Above this size (either sample) the exact table is large and the normal approximation good.
constexpr std::size_t k_max_exact_size = 50;

std::vector<double> without_nan(std::vector<double> values) {
    std::erase_if(values, [](double value) { return std::isnan(value); });
    return values;
}

/// The rank sum of `a` in the pooled sample (mid-ranks for ties), and the tie term
/// sum(t^3 - t) over groups of t equal values.
struct Ranks {
    double rank_sum_a = 0;
    double tie_term = 0;
};

Ranks rank(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<std::pair<double, bool>> pooled; // value, from a
    pooled.reserve(a.size() + b.size());
    for (const double value : a)
        pooled.emplace_back(value, true);
    for (const double value : b)
        pooled.emplace_back(value, false);
    std::ranges::sort(pooled, {}, &std::pair<double, bool>::first);
    Ranks ranks;
    for (std::size_t first = 0; first < pooled.size();) {
        std::size_t last = first;
        while (last < pooled.size() && pooled[last].first == pooled[first].first)
            ++last;
        const double mid_rank = (static_cast<double>(first + 1 + last)) / 2; // ranks first+1..last
        const auto tied = static_cast<double>(last - first);
        ranks.tie_term += tied * tied * tied - tied;
        for (std::size_t i = first; i < last; ++i)
            if (pooled[i].second)
                ranks.rank_sum_a += mid_rank;
        first = last;
    }
    return ranks;
}

/// counts[u] = how many orderings of m values of a and n of b (all distinct) give U = u.
/// Builds the table one value of a at a time: an a placed after j values of b adds j to U.
std::vector<double> u_distribution(std::size_t m, std::size_t n) {
    // row[j]: the counts for the a's placed so far followed by j b's (index = U).
    std::vector<std::vector<double>> row(n + 1, std::vector<double>{1.0});
    for (std::size_t i = 1; i <= m; ++i) {
        std::vector<std::vector<double>> next(n + 1);
        next[0] = {1.0};
        for (std::size_t j = 1; j <= n; ++j) {
            next[j].assign(i * j + 1, 0.0);
            for (std::size_t u = 0; u < row[j].size(); ++u) // last placed is an a: U grows by j
                next[j][u + j] += row[j][u];
            for (std::size_t u = 0; u < next[j - 1].size(); ++u) // last placed is a b
                next[j][u] += next[j - 1][u];
        }
        row = std::move(next);
    }
    return row[n];
}

double exact_p_value(double u, std::size_t m, std::size_t n) {
    const auto counts = u_distribution(m, n);
    double total = 0;
    double at_most = 0;
    double at_least = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        total += counts[k];
        if (static_cast<double>(k) <= u)
            at_most += counts[k];
        if (static_cast<double>(k) >= u)
            at_least += counts[k];
    }
    return std::min(1.0, 2 * std::min(at_most, at_least) / total);
}

double normal_p_value(double u, std::size_t m, std::size_t n, double tie_term) {
    auto const null = u_null_moments(static_cast<double>(m), static_cast<double>(n), tie_term);
    if (!(null.variance > 0))
        return 1.0; // every value tied: no evidence either way
    const double z = std::max(0.0, std::abs(u - null.mean) - 0.5) / std::sqrt(null.variance);
    return std::min(1.0, 2 * normal_sf(z)); // two-sided
}

} // namespace

RankTest mann_whitney_u(const std::vector<double>& a, const std::vector<double>& b) {
    const auto clean_a = without_nan(a);
    const auto clean_b = without_nan(b);
    const std::size_t m = clean_a.size();
    const std::size_t n = clean_b.size();
    if (m == 0 || n == 0)
        return {};
    const Ranks ranks = rank(clean_a, clean_b);
    RankTest result;
    const auto m_d = static_cast<double>(m);
    result.u = ranks.rank_sum_a - m_d * (m_d + 1) / 2;
    result.exact = ranks.tie_term == 0 && m <= k_max_exact_size && n <= k_max_exact_size;
    result.p_value = result.exact ? exact_p_value(result.u, m, n)
                                  : normal_p_value(result.u, m, n, ranks.tie_term);
    return result;
}

} // namespace medic::validate
