#pragma once
// `medic init --harness`: writes the harness Medic's generated tests reach the handlers through.

#include <CLI/CLI.hpp>

namespace medic::cli {

void add_init_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
