#pragma once
// The detect stage (SPEC "Detect"): TelemetrySummary (+ optional baseline) -> ranked anomalies.

#include "analyzers/anomaly/detector.hpp"

namespace medic::anomaly {

/// Runs every registered detector, links symptoms to their cause (errors in a step of a
/// misordered sequence), and ranks by severity, then impact.
std::vector<Anomaly> detect(const DetectInput& input);

/// Sorts most urgent first: severity, then impact, then id (so the order is stable).
void rank(std::vector<Anomaly>& anomalies);

} // namespace medic::anomaly
