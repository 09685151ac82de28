#pragma once
// The pieces of rank statistics that both detection (latency sketches, analyzers/anomaly) and
// validation (raw benchmark samples, bot/validate) use, written once: the standard normal tail,
// the median, and the null moments of the Mann-Whitney U with the tie correction.

#include <vector>

namespace medic {

/// P(Z >= z) for a standard normal Z.
double normal_sf(double z);

/// The middle value (the mean of the two middle ones for an even count); NaN entries are
/// ignored, and NaN is returned when no number is left.
double median(std::vector<double> values);

/// The mean and variance of Mann-Whitney's U under "no difference" for samples of sizes m and n,
/// the variance corrected for ties (`tie_term`: the sum over groups of t equal values of t^3 - t
/// in the pooled sample; 0 without ties).
struct UNullMoments {
    double mean = 0;
    double variance = 0;
};
UNullMoments u_null_moments(double m, double n, double tie_term);

} // namespace medic
