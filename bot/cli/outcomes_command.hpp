#pragma once
// `medic outcomes`: what each fix strategy achieved, from a state directory's attempt records.

#include <CLI/CLI.hpp>

namespace medic::cli {

void add_outcomes_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
