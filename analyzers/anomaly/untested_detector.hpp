#pragma once
// `untested`: a handler that takes a real share of production traffic but that no test calls.
// Needs the code facts of the locate stage (DetectInput::code); without them it finds nothing.

#include "analyzers/anomaly/detector.hpp"

namespace medic::anomaly {

class UntestedDetector final : public Detector {
public:
    [[nodiscard]] std::string_view id() const override { return "untested-hot-handler"; }
    [[nodiscard]] std::vector<Anomaly> detect(const DetectInput& input) const override;
};

} // namespace medic::anomaly
