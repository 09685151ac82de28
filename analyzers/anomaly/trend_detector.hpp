#pragma once
// `trend`: a handler under budget whose p95 rises steadily enough to cross it within the horizon.

#include "analyzers/anomaly/detector.hpp"

namespace medic::anomaly {

class TrendDetector final : public Detector {
public:
    [[nodiscard]] std::string_view id() const override { return "trend-budget-crossing"; }
    [[nodiscard]] std::vector<Anomaly> detect(const DetectInput& input) const override;
};

} // namespace medic::anomaly
