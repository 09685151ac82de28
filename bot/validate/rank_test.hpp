#pragma once
// The Mann-Whitney U test on raw samples: how the validate stage decides whether a patch changed
// a benchmark's timings (before/after runs), without assuming a distribution. The median and the
// normal approximation's pieces are bot/model/rank_statistics.hpp, shared with detection.

#include "bot/model/rank_statistics.hpp"

#include <vector>

namespace medic::validate {

/// The outcome of a two-sided rank test.
struct RankTest {
    double u = 0;       ///< Pairs (a_i, b_j) with a_i > b_j, ties counting one half.
    double p_value = 1; ///< Two-sided: how likely ranks at least this uneven are under H0.
    bool exact = false; ///< True when p comes from the exact distribution of U.
};

/// The Mann-Whitney U test of `a` against `b`. Exact (the distribution of U counted by dynamic
/// programming) when nothing is tied and both samples hold at most 50 values; otherwise the
/// normal approximation with tie and continuity corrections. NaN entries are ignored; an empty
/// sample gives p = 1.
RankTest mann_whitney_u(const std::vector<double>& a, const std::vector<double>& b);

} // namespace medic::validate
