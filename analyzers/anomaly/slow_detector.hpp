#pragma once
// `slow`: a handler over its latency budget, or significantly slower than in the baseline.

#include "analyzers/anomaly/detector.hpp"

namespace medic::anomaly {

/// True when the handler has the calls detection asks for and is over its configured latency
/// budget (the check `slow` makes, cheap enough for live telemetry to run as calls arrive).
bool over_budget(const HandlerStats& stats, const MedicConfig& config);

class SlowDetector final : public Detector {
public:
    [[nodiscard]] std::string_view id() const override { return "slow-latency"; }
    [[nodiscard]] std::vector<Anomaly> detect(const DetectInput& input) const override;
};

} // namespace medic::anomaly
