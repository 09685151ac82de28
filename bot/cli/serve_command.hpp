#pragma once
// `medic serve`: the GitHub App webhook server (bot/serve).

#include "bot/http/curl_http_client.hpp"

#include <CLI/CLI.hpp>

namespace medic::cli {

void add_serve_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl);

} // namespace medic::cli
