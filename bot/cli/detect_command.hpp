#pragma once
// `medic detect`: telemetry in, ranked anomalies and an anomaly report out.

#include <CLI/CLI.hpp>

namespace medic::cli {

/// Adds the `detect` subcommand to `app`; the returned options live as long as the app.
void add_detect_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
