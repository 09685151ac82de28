#include "bot/model/rank_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>

namespace medic {

double normal_sf(double z) {
    return 0.5 * std::erfc(z / std::numbers::sqrt2);
}

double median(std::vector<double> values) {
    std::erase_if(values, [](double value) { return std::isnan(value); });
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    auto const middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::ranges::nth_element(values, middle);
    if (values.size() % 2 == 1)
        return *middle;
    double const below = *std::max_element(values.begin(), middle);
    return below + (*middle - below) / 2;
}

UNullMoments u_null_moments(double m, double n, double tie_term) {
    double const pooled = m + n;
    UNullMoments moments;
    moments.mean = m * n / 2;
    if (pooled > 1)
        moments.variance = m * n / 12 * ((pooled + 1) - tie_term / (pooled * (pooled - 1)));
    return moments;
}

} // namespace medic
