#pragma once
// Renders an anomaly report for a person: ingest accounting, then a ranked table.

#include "bot/model/anomaly.hpp"
#include "bot/model/telemetry.hpp"
#include "bot/views/terminal.hpp"

#include <string>

namespace medic::views {

/// What was read and what was skipped, with the first malformed lines and where they are.
std::string render_ingest(const IngestStats& ingest, const Terminal& terminal);

/// The anomalies, most urgent first, each with its sentence.
std::string render_anomalies(const std::vector<Anomaly>& anomalies, const Terminal& terminal);

} // namespace medic::views
