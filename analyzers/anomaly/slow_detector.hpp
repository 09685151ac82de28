#pragma once
// `slow`: a handler over its latency budget, or significantly slower than in the baseline.

#include "analyzers/anomaly/detector.hpp"

namespace medic::anomaly {

class SlowDetector final : public Detector {
public:
    [[nodiscard]] std::string_view id() const override { return "slow-latency"; }
    [[nodiscard]] std::vector<Anomaly> detect(const DetectInput& input) const override;
};

} // namespace medic::anomaly
