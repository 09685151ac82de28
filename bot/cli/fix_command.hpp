#pragma once
// `medic fix`: an anomaly report in, one vetted patch draft per anomaly out (never applied to
// the user's checkout).

#include "bot/http/curl_http_client.hpp"

#include <CLI/CLI.hpp>

namespace medic::cli {

/// Adds the `fix` subcommand to `app`; `curl` is the process's one libcurl initialisation.
void add_fix_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl);

} // namespace medic::cli
