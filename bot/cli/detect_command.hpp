#pragma once
// `medic detect`: telemetry in, ranked anomalies and an anomaly report out.

#include "bot/cli/terminal.hpp"
#include "bot/model/config.hpp"
#include "bot/model/result.hpp"
#include "bot/model/telemetry.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

namespace medic::cli {

/// Ingests the telemetry files `inputs`, showing progress on `terminal`.
Result<TelemetrySummary> read_telemetry(const std::vector<std::string>& inputs,
                                        const MedicConfig& config, Terminal& terminal);

/// Adds the `detect` subcommand to `app`; the returned options live as long as the app.
void add_detect_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
