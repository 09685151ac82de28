#include "analyzers/anomaly/statistics.hpp"

#include <cmath>
#include <gtest/gtest.h>

namespace medic::anomaly {
namespace {

TEST(Statistics, NormalTail) {
    EXPECT_NEAR(normal_sf(0), 0.5, 1e-12);
    EXPECT_NEAR(normal_sf(1.959963985), 0.025, 1e-6);
    EXPECT_NEAR(normal_sf(2.326347874), 0.01, 1e-6);
}

TEST(Statistics, MannWhitneyMatchesTheTextbookOnDistinctValues) {
    // Values far apart in the sketch's bins behave as exact values: U = 12 of 12 pairs.
    QuantileSketch base, current;
    for (double v : {1.0, 2.0, 3.0})
        base.add(v);
    for (double v : {10.0, 20.0, 30.0, 40.0})
        current.add(v);
    auto const test = mann_whitney(base, current);
    EXPECT_DOUBLE_EQ(test.u, 12.0);
    // n1 = 3, n2 = 4: mean 6, variance 3*4*8/12 = 8; z = (12 - 6 - 0.5)/sqrt(8).
    EXPECT_NEAR(test.z, 5.5 / std::sqrt(8.0), 1e-9);
}

TEST(Statistics, MannWhitneySeesNoDifferenceBetweenEqualSamples) {
    QuantileSketch a, b;
    for (int i = 1; i <= 500; ++i) {
        a.add(i * 0.1);
        b.add(i * 0.1);
    }
    EXPECT_GT(mann_whitney(a, b).p_greater, 0.4);
}

TEST(Statistics, MannKendallAndTheilSen) {
    std::vector<double> rising{1, 2, 2.5, 4, 5, 6.5, 7, 9}, flat{3, 1, 4, 1, 5, 9, 2, 6};
    EXPECT_LT(mann_kendall(rising).p_increasing, 0.001);
    EXPECT_GT(mann_kendall(flat).p_increasing, 0.05);
    std::vector<double> xs{0, 1, 2, 3, 4}, ys{1, 3, 5, 7, 100}; // one outlier
    auto const line = theil_sen(xs, ys);
    EXPECT_DOUBLE_EQ(line.slope, 2.0);
    EXPECT_DOUBLE_EQ(line.intercept, 1.0);
}

TEST(Statistics, BinomialTail) {
    // P(X >= 3 | n = 10, p = 0.1) = 1 - (0.9^10 + 10 0.1 0.9^9 + 45 0.01 0.9^8) = 0.0701908
    EXPECT_NEAR(binomial_sf(3, 10, 0.1), 0.0701908, 1e-6);
    EXPECT_DOUBLE_EQ(binomial_sf(0, 10, 0.1), 1.0);
    EXPECT_DOUBLE_EQ(binomial_sf(1, 10, 0.5), 1.0);
    EXPECT_LT(binomial_sf(50, 1000, 0.01), 1e-10);
}

TEST(Statistics, TwoProportions) {
    EXPECT_LT(two_proportion_p(10, 1000, 60, 1000), 1e-6);
    EXPECT_GT(two_proportion_p(10, 1000, 12, 1000), 0.2);
}

TEST(Statistics, FisherExact) {
    // 2x2 table [[9, 1], [1, 9]] (x1 = 1 of 10 vs x2 = 9 of 10): one-sided p = 0.000546
    // (the exact hypergeometric sum, computed independently with Python's math.comb).
    EXPECT_NEAR(fisher_exact_greater(1, 10, 9, 10), 0.000546, 1e-5);
    EXPECT_NEAR(fisher_exact_greater(5, 10, 5, 10), 0.671, 1e-3);
    // Six failures in a window of 16 against 92 of 1252 elsewhere is not remarkable after
    // correcting for a day of windows; the normal approximation claimed p ~ 5e-6.
    EXPECT_GT(fisher_exact_greater(92, 1252, 6, 16), 1e-4);
}

TEST(Statistics, ExcessAboveAReference) {
    QuantileSketch sketch;
    for (int i = 0; i < 10; ++i)
        sketch.add(10.0);
    EXPECT_NEAR(excess_above(sketch, 4.0), 60.0, 1.0);
    EXPECT_DOUBLE_EQ(excess_above(sketch, 20.0), 0.0);
}

} // namespace
} // namespace medic::anomaly
