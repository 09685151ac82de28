#include "bot/model/json.hpp"
#include "bot/model/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <random>

namespace medic {
namespace {

/// The sample the sketch promises to approximate: rank floor(q (n - 1)) of the sorted values.
double exact_quantile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(q * double(values.size() - 1))];
}

void expect_within_one_percent(const std::vector<double>& values) {
    QuantileSketch sketch;
    for (double const v : values)
        sketch.add(v);
    for (double const q : {0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0}) {
        double const exact = exact_quantile(values, q);
        double const estimate = sketch.quantile(q);
        EXPECT_LE(std::abs(estimate - exact), 0.01 * exact + 1e-12) << "q=" << q;
    }
}

TEST(QuantileSketch, LognormalLatenciesStayWithinOnePercent) {
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> latency(0.0, 1.5);
    std::vector<double> values(200'000);
    for (auto& v : values)
        v = latency(rng);
    expect_within_one_percent(values);
}

TEST(QuantileSketch, BimodalAndWideRangeStayWithinOnePercent) {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> fast(0.01, 0.05), slow(200.0, 900.0);
    std::vector<double> values;
    for (int i = 0; i < 50'000; ++i)
        values.push_back(i % 10 == 0 ? slow(rng) : fast(rng));
    expect_within_one_percent(values);
}

TEST(QuantileSketch, MemoryDoesNotGrowWithCount) {
    QuantileSketch small, large;
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> latency(1.0, 100.0);
    for (int i = 0; i < 1'000; ++i)
        small.add(latency(rng));
    for (int i = 0; i < 1'000'000; ++i)
        large.add(latency(rng));
    // 1..100 ms spans ln(100)/ln(1.0202) ~ 230 bins, whatever the count.
    EXPECT_LE(large.state().bins.size(), 240u);
    EXPECT_LE(large.state().bins.size(), small.state().bins.size() + 5);
}

TEST(QuantileSketch, BinsAreCappedByCollapsingTheLowest) {
    // 1e-8 .. 1e40 spans ln(1e48)/ln(1.0202) ~ 5500 bins, over the 4096 cap.
    QuantileSketch sketch;
    for (int exponent = -8; exponent < 40; ++exponent)
        sketch.add(std::pow(10.0, exponent));
    EXPECT_EQ(sketch.state().bins.size(), QuantileSketch::k_max_bins);
    EXPECT_NEAR(sketch.quantile(1.0), 1e39, 1e37) << "the tail keeps its accuracy";
    EXPECT_GT(sketch.quantile(0.0), 1e-8) << "the lowest values were merged upwards";
    EXPECT_EQ(sketch.count(), 48u);
}

TEST(QuantileSketch, MergeEqualsAddingEverything) {
    QuantileSketch a, b, all;
    for (int i = 1; i <= 1000; ++i) {
        (i % 2 ? a : b).add(i * 0.37);
        all.add(i * 0.37);
    }
    a.merge(b);
    EXPECT_EQ(a.count(), all.count());
    for (double const q : {0.1, 0.5, 0.99})
        EXPECT_DOUBLE_EQ(a.quantile(q), all.quantile(q));
}

TEST(QuantileSketch, ZerosAndEmpty) {
    QuantileSketch sketch;
    EXPECT_EQ(sketch.quantile(0.5), 0.0);
    sketch.add(0.0);
    sketch.add(0.0);
    sketch.add(10.0);
    EXPECT_EQ(sketch.quantile(0.5), 0.0);
    EXPECT_NEAR(sketch.quantile(1.0), 10.0, 0.1);
}

TEST(QuantileSketch, JsonRoundTripKeepsEveryBin) {
    QuantileSketch sketch;
    for (int i = 1; i < 500; ++i)
        sketch.add(i * 1.5);
    auto const copy = nlohmann::json(sketch).get<QuantileSketch>();
    EXPECT_EQ(copy.count(), sketch.count());
    EXPECT_DOUBLE_EQ(copy.quantile(0.95), sketch.quantile(0.95));
}

} // namespace
} // namespace medic
