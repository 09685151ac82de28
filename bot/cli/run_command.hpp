#pragma once
// `medic run`: the whole pipeline — telemetry in; detected, located, drafted, generated,
// validated and (locally) published fixes out.

#include "bot/http/curl_http_client.hpp"

#include <CLI/CLI.hpp>

namespace medic::cli {

void add_run_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl);

} // namespace medic::cli
