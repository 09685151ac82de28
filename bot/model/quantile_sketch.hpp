#pragma once
// A DDSketch (Masson, Rim & Lee, VLDB 2019): quantiles with a guaranteed relative error,
// in memory bounded by the value range rather than by how many values were added.

#include <cstdint>
#include <vector>

namespace medic {

/// Streaming latency distribution with <= 1 % relative error on every quantile.
///
/// Values fall into logarithmic bins; a quantile is answered with the bin's midpoint,
/// which is within `k_relative_accuracy` of the true sample at that rank. Bins are a
/// dense array; past `k_max_bins` the lowest bins collapse into one (tail quantiles,
/// which matter for latency, keep their guarantee).
class QuantileSketch {
public:
    static constexpr double k_relative_accuracy = 0.01;
    static constexpr std::size_t k_max_bins = 4096;
    /// Values at or below this (in the caller's unit) count as zero.
    static constexpr double k_min_value = 1e-9;

    /// The bin a value falls in; exposed so a caller adding to several sketches computes it once.
    static std::int32_t key_for(double value);
    /// The value a bin stands for (its midpoint in relative terms).
    static double value_for(std::int32_t key);

    void add(double value) { add_key(value > k_min_value ? key_for(value) : k_zero_key, 1); }
    /// Adds `count` values to bin `key` (`k_zero_key` for zeros).
    void add_key(std::int32_t key, std::uint64_t count);
    void merge(const QuantileSketch& other);

    /// The q-quantile (0 <= q <= 1) of the added values; 0 when empty.
    [[nodiscard]] double quantile(double q) const;
    [[nodiscard]] std::uint64_t count() const { return m_count; }
    [[nodiscard]] bool empty() const { return m_count == 0; }

    /// Visits (value, count) for every non-empty bin in ascending value order.
    template <typename Visit>
    void for_each_bin(Visit&& visit) const {
        if (m_zero_count > 0)
            visit(0.0, m_zero_count);
        for (std::size_t i = 0; i < m_bins.size(); ++i)
            if (m_bins[i] > 0)
                visit(value_for(m_min_key + static_cast<std::int32_t>(i)), m_bins[i]);
    }

    /// The raw state, for serialisation.
    struct State {
        std::int32_t min_key = 0;
        std::vector<std::uint64_t> bins;
        std::uint64_t zero_count = 0;
    };
    [[nodiscard]] State state() const { return {m_min_key, m_bins, m_zero_count}; }
    static QuantileSketch from_state(State state);

    static constexpr std::int32_t k_zero_key = INT32_MIN;

private:
    void grow_to_include(std::int32_t key);
    void collapse_lowest(std::size_t how_many);

    std::int32_t m_min_key = 0;
    std::vector<std::uint64_t> m_bins;
    std::uint64_t m_zero_count = 0;
    std::uint64_t m_count = 0;
};

} // namespace medic
