#pragma once
// The detect stage, shared by `medic detect` and the run: the telemetry read (and the baseline's,
// when one is given), the anomaly report with what was read, and the inputs nothing came from.

#include "analyzers/code/locate.hpp"
#include "bot/model/anomaly.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/config.hpp"
#include "bot/model/result.hpp"
#include "bot/model/telemetry.hpp"
#include "bot/pipeline/code_attributes.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::pipeline {

/// Ingests `inputs` with the configuration's limits, reporting progress.
Result<TelemetrySummary> read_telemetry(const std::vector<std::string>& inputs,
                                        const MedicConfig& config,
                                        const std::function<void(std::string_view)>& progress);

/// The telemetry to judge, and the earlier telemetry to compare it with.
struct TelemetryInputs {
    std::vector<std::string> paths;
    TelemetrySummary current;
    std::optional<TelemetrySummary> baseline;
};

/// Reads `telemetry` and, when given, `baseline` (whose errors say "baseline: ").
Result<TelemetryInputs>
read_telemetry_inputs(const std::vector<std::string>& telemetry,
                      const std::vector<std::string>& baseline, const MedicConfig& config,
                      const std::function<void(std::string_view)>& progress);

/// The report of `anomalies` found in `inputs`, stamped with the clock's time.
AnomalyReport anomaly_report(const TelemetryInputs& inputs, std::vector<Anomaly> anomalies,
                             const Clock& clock);

/// The inputs (current and baseline) nothing could be read from, for an error message; empty
/// when every input gave something.
std::string unread_inputs(const TelemetryInputs& inputs);

/// The configuration's telemetry window set to `text` (a duration like "10m"), as --window asks.
Result<void> set_window(MedicConfig& config, std::string_view text);

/// Where the busy handlers of `summary` are in the code (those with at least
/// detect.untested.min_count calls seen as events), with the tests that call them, for the
/// `untested` kind. Parse problems, and each handler that cannot be located (whether a test
/// calls it is then unknown), are said through `warn`; so is code that cannot be read at all,
/// which gives nothing.
std::optional<std::vector<CodeSite>> locate_busy_handlers(const code::ProjectOptions& project,
                                                          const TelemetrySummary& summary,
                                                          const MedicConfig& config,
                                                          const Warn& warn);

} // namespace medic::pipeline
