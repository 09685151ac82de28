#pragma once
// `medic locate`: a handler name in, compiler-accurate places in the source out.

#include <CLI/CLI.hpp>

namespace medic::cli {

/// Adds the `locate` subcommand to `app`.
void add_locate_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
