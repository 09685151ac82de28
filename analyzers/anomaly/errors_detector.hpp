#pragma once
// `errors`: a handler failing more than its error budget, an error-rate spike (against the
// baseline or within the input's own windows), or a new error-message template.

#include "analyzers/anomaly/detector.hpp"

namespace medic::anomaly {

class ErrorsDetector final : public Detector {
public:
    [[nodiscard]] std::string_view id() const override { return "errors-rate-and-templates"; }
    [[nodiscard]] std::vector<Anomaly> detect(const DetectInput& input) const override;
};

} // namespace medic::anomaly
