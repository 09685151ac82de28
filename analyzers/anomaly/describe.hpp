#pragma once
// Small helpers the detectors share for evidence and sentences.

#include "bot/model/config.hpp"
#include "bot/model/evidence.hpp"
#include "bot/model/telemetry.hpp"

#include <string>
#include <vector>

namespace medic::anomaly {

/// "p95" for 0.95, "p99.9" for 0.999, "max" for 1.
std::string quantile_name(double quantile);
/// A number with `digits` significant digits ("12.3", "0.0042").
std::string fixed(double value, int digits = 3);
/// "12.5 %" for 0.125.
std::string percent(double share);
/// "a → b → c".
std::string join_order(const std::vector<std::string>& steps);
/// The configuration of the handler: under its id, else under any of its names (so budgets
/// written under the span name users see apply to a handler telemetry knows by its function).
const HandlerConfig* handler_config(const MedicConfig& config, const HandlerStats& stats);
/// count, mean, p50/p90/p95/p99 and max of a handler, for evidence.
LatencyEvidence latency_evidence(const HandlerStats& stats);
/// The same with the whole latency distribution: for the anomaly's own handler, so that
/// production after a fix can be compared with it.
LatencyEvidence distribution_evidence(const HandlerStats& stats);
/// The handler's example inputs as evidence (already redacted at ingest).
std::vector<ExampleCallEvidence> examples_evidence(const HandlerStats& stats);
/// A p-value written for people: "< 1e-12" rather than 0.
std::string p_value(double p);

} // namespace medic::anomaly
