#pragma once
// `medic analyze`: run the code checks on the handlers an anomaly report (or --handler) names.

#include <CLI/CLI.hpp>

namespace medic::cli {

/// Adds the `analyze` subcommand to `app`.
void add_analyze_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
