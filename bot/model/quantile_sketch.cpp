#include "bot/model/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>

namespace medic {
namespace {

constexpr double k_gamma =
    (1.0 + QuantileSketch::k_relative_accuracy) / (1.0 - QuantileSketch::k_relative_accuracy);
const double k_log_gamma = std::log(k_gamma);

} // namespace

std::int32_t QuantileSketch::key_for(double value) {
    return static_cast<std::int32_t>(std::ceil(std::log(value) / k_log_gamma));
}

double QuantileSketch::value_for(std::int32_t key) {
    // Midpoint of (gamma^(k-1), gamma^k] in relative terms: 2 gamma^k / (gamma + 1).
    return 2.0 * std::exp(key * k_log_gamma) / (k_gamma + 1.0);
}

void QuantileSketch::add_key(std::int32_t key, std::uint64_t count) {
    m_count += count;
    if (key == k_zero_key) {
        m_zero_count += count;
        return;
    }
    grow_to_include(key);
    // Collapsing may have moved the lowest keys into m_min_key.
    m_bins[static_cast<std::size_t>(std::max(key, m_min_key) - m_min_key)] += count;
}

void QuantileSketch::grow_to_include(std::int32_t key) {
    if (m_bins.empty()) {
        m_min_key = key;
        m_bins.assign(1, 0);
        return;
    }
    if (key < m_min_key) {
        auto extra = static_cast<std::size_t>(m_min_key - key);
        if (m_bins.size() + extra > k_max_bins)
            extra = k_max_bins > m_bins.size() ? k_max_bins - m_bins.size() : 0;
        m_bins.insert(m_bins.begin(), extra, 0);
        m_min_key -= static_cast<std::int32_t>(extra);
        return;
    }
    auto const needed = static_cast<std::size_t>(key - m_min_key) + 1;
    if (needed > m_bins.size())
        m_bins.resize(needed, 0);
    if (m_bins.size() > k_max_bins)
        collapse_lowest(m_bins.size() - k_max_bins);
}

void QuantileSketch::collapse_lowest(std::size_t how_many) {
    for (std::size_t i = 0; i < how_many; ++i)
        m_bins[how_many] += m_bins[i];
    m_bins.erase(m_bins.begin(), m_bins.begin() + static_cast<std::ptrdiff_t>(how_many));
    m_min_key += static_cast<std::int32_t>(how_many);
}

void QuantileSketch::merge(const QuantileSketch& other) {
    m_zero_count += other.m_zero_count;
    m_count += other.m_zero_count;
    for (std::size_t i = 0; i < other.m_bins.size(); ++i)
        if (other.m_bins[i] > 0)
            add_key(other.m_min_key + static_cast<std::int32_t>(i), other.m_bins[i]);
}

double QuantileSketch::quantile(double q) const {
    if (m_count == 0)
        return 0.0;
    // The sample at 0-based rank floor(q (n - 1)) lies in the first bin whose cumulative
    // count exceeds that rank.
    auto const rank = static_cast<std::uint64_t>(std::clamp(q, 0.0, 1.0) * double(m_count - 1));
    std::uint64_t seen = m_zero_count;
    if (seen > rank)
        return 0.0;
    for (std::size_t i = 0; i < m_bins.size(); ++i) {
        seen += m_bins[i];
        if (seen > rank)
            return value_for(m_min_key + static_cast<std::int32_t>(i));
    }
    return value_for(m_min_key + static_cast<std::int32_t>(m_bins.size()) - 1);
}

QuantileSketch QuantileSketch::from_state(State state) {
    QuantileSketch sketch;
    sketch.m_min_key = state.min_key;
    sketch.m_bins = std::move(state.bins);
    sketch.m_zero_count = state.zero_count;
    sketch.m_count = state.zero_count;
    for (auto const bin : sketch.m_bins)
        sketch.m_count += bin;
    return sketch;
}

} // namespace medic
