#pragma once
// `misordered`: sequence runs whose step order differs from the configured order, or (without
// one) from the order most runs follow.

#include "analyzers/anomaly/detector.hpp"

namespace medic::anomaly {

class MisorderedDetector final : public Detector {
public:
    [[nodiscard]] std::string_view id() const override { return "misordered-sequence"; }
    [[nodiscard]] std::vector<Anomaly> detect(const DetectInput& input) const override;
};

/// True when the steps of `observed` that appear in `expected` come in `expected`'s order
/// (a run that stopped early, retried a step, or made extra calls is not misordered by that).
bool follows_order(const std::vector<std::string>& observed,
                   const std::vector<std::string>& expected);

} // namespace medic::anomaly
