#pragma once
// The detector plug-in shape: one small class per anomaly kind, listed in register_all().

#include "bot/model/anomaly.hpp"
#include "bot/model/code.hpp"
#include "bot/model/config.hpp"
#include "bot/model/telemetry.hpp"

#include <memory>
#include <string_view>
#include <vector>

namespace medic::anomaly {

/// What every detector reads.
struct DetectInput {
    const TelemetrySummary& current;
    const TelemetrySummary* baseline = nullptr; ///< Optional earlier telemetry.
    const MedicConfig& config;
    /// Where handlers are in the code (medic detect --find-untested); null when not looked up.
    const std::vector<CodeSite>* code = nullptr;
};

/// Finds one kind of anomaly. Stateless; `detect` may be called on any input.
class Detector {
public:
    virtual ~Detector() = default;
    /// A dashed id, e.g. "slow-latency".
    [[nodiscard]] virtual std::string_view id() const = 0;
    [[nodiscard]] virtual std::vector<Anomaly> detect(const DetectInput& input) const = 0;
};

/// Every built-in detector, in a fixed order (no static-init self-registration).
std::vector<std::unique_ptr<Detector>> register_all();

} // namespace medic::anomaly
