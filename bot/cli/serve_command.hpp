#pragma once
// `medic serve`: the GitHub App webhook server (bot/serve).

#include <CLI/CLI.hpp>

namespace medic::cli {

void add_serve_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
