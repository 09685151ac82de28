// median and mann_whitney_u against reference values computed independently.
//
// SciPy is not installed here, so the references come from a separate Python script: exact
// p-values by enumerating every way to split the pooled sample into groups of the two sizes
// (itertools.combinations; U counted pair by pair, p = 2 * min(P(U <= u), P(U >= u)), capped at
// 1), and normal approximations from the textbook formula (variance m n / 12 * ((N + 1) -
// sum(t^3 - t) / (N (N - 1))), continuity correction 0.5, p = erfc(z / sqrt 2)).

#include "bot/validate/rank_test.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace medic::validate {
namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

TEST(Median, OddEvenEmptyAndNan) {
    EXPECT_EQ(median({3, 1, 2}), 2);
    EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
    EXPECT_EQ(median({7}), 7);
    EXPECT_TRUE(std::isnan(median({})));
    EXPECT_EQ(median({k_nan, 5, 1}), 3) << "NaN entries are ignored";
    EXPECT_TRUE(std::isnan(median({k_nan})));
}

TEST(MannWhitneyU, CompleteSeparationOfTenAgainstTenIsExact) {
    std::vector<double> low;
    std::vector<double> high;
    for (int i = 0; i < 10; ++i) {
        low.push_back(i);
        high.push_back(100 + i);
    }
    const auto above = mann_whitney_u(high, low);
    EXPECT_TRUE(above.exact);
    EXPECT_EQ(above.u, 100);
    EXPECT_NEAR(above.p_value, 2.0 / 184756, 1e-15); // 2 / C(20, 10)
    const auto below = mann_whitney_u(low, high);
    EXPECT_EQ(below.u, 0);
    EXPECT_NEAR(below.p_value, 2.0 / 184756, 1e-15);
}

TEST(MannWhitneyU, ExactAtTheLargestExactSize) {
    std::vector<double> low;
    std::vector<double> high;
    for (int i = 0; i < 50; ++i) {
        low.push_back(i);
        high.push_back(50 + i);
    }
    const auto result = mann_whitney_u(high, low);
    EXPECT_TRUE(result.exact);
    EXPECT_EQ(result.u, 2500);
    const double c_100_50 = 1.0089134454556419e29; // C(100, 50) = 100891344545564193334812497256
    EXPECT_NEAR(result.p_value / (2 / c_100_50), 1.0, 1e-9);
}

TEST(MannWhitneyU, ExactSmallSamplesMatchEnumeration) {
    // 5 against 6: 462 splits, 58 as extreme as U = 6.
    const auto five_six =
        mann_whitney_u({1.1, 2.3, 3.5, 7.2, 8.1}, {4.0, 5.5, 6.1, 9.3, 10.2, 11.0});
    EXPECT_TRUE(five_six.exact);
    EXPECT_EQ(five_six.u, 6);
    EXPECT_NEAR(five_six.p_value, 58.0 / 462, 1e-12); // 0.12554112554112554

    // 7 against 8: 6435 splits, 38 as extreme as U = 51.
    const auto seven_eight = mann_whitney_u({12.0, 15.5, 11.2, 18.3, 14.1, 16.7, 13.9},
                                            {10.1, 9.8, 12.5, 11.0, 10.7, 13.2, 9.5, 11.8});
    EXPECT_TRUE(seven_eight.exact);
    EXPECT_EQ(seven_eight.u, 51);
    EXPECT_NEAR(seven_eight.p_value, 38.0 / 6435, 1e-12); // 0.005905205905205905
}

TEST(MannWhitneyU, InterleavedSamplesGivePOne) {
    const auto result = mann_whitney_u({1, 4, 5, 8}, {2, 3, 6, 7});
    EXPECT_TRUE(result.exact);
    EXPECT_EQ(result.u, 8);
    EXPECT_EQ(result.p_value, 1.0);
}

TEST(MannWhitneyU, IdenticalSamplesGivePOne) {
    const std::vector<double> sample{3.1, 2.7, 3.3, 2.9, 3.0, 3.2};
    const auto result = mann_whitney_u(sample, sample);
    EXPECT_FALSE(result.exact) << "every value is tied with its copy";
    EXPECT_EQ(result.u, 18);
    EXPECT_EQ(result.p_value, 1.0);
}

TEST(MannWhitneyU, TiesUseTheCorrectedNormalApproximation) {
    const auto result = mann_whitney_u({1, 2, 2, 3, 3, 3, 4, 5}, {3, 4, 4, 5, 5, 6, 6, 7, 8});
    EXPECT_FALSE(result.exact);
    EXPECT_EQ(result.u, 7.5);
    // Reference: 0.006373133838085877 (the exact permutation p is 0.0051, for comparison).
    EXPECT_NEAR(result.p_value, 0.006373133838085877, 1e-12);
}

TEST(MannWhitneyU, LargeSamplesUseTheApproximation) {
    std::vector<double> a;
    std::vector<double> b;
    for (int i = 0; i < 60; ++i) {
        a.push_back(2 * i);
        b.push_back(2 * i + 1);
    }
    const auto result = mann_whitney_u(a, b);
    EXPECT_FALSE(result.exact);
    EXPECT_EQ(result.u, 60 * 59 / 2); // a_i beats b_0 .. b_{i-1}
    EXPECT_GT(result.p_value, 0.5);
}

TEST(MannWhitneyU, AllValuesTiedGivePOne) {
    const auto result = mann_whitney_u({5, 5, 5}, {5, 5});
    EXPECT_EQ(result.u, 3);
    EXPECT_EQ(result.p_value, 1.0);
}

TEST(MannWhitneyU, EmptySampleGivesPOne) {
    EXPECT_EQ(mann_whitney_u({}, {1, 2}).p_value, 1.0);
    EXPECT_EQ(mann_whitney_u({1, 2}, {}).p_value, 1.0);
    EXPECT_EQ(mann_whitney_u({k_nan}, {1, 2}).p_value, 1.0);
}

} // namespace
} // namespace medic::validate
