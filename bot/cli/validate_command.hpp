#pragma once
// `medic validate`: one drafted fix (from medic fix) proved or refused alone.

#include <CLI/CLI.hpp>

namespace medic::cli {

void add_validate_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
