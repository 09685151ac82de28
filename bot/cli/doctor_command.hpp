#pragma once
// `medic doctor`: checks that everything a run needs is in place — configuration, compile
// database, validation commands, GitHub credentials and their permissions, the repository,
// branch protection, push access, the LLM endpoint — and says how to fix each problem.

#include "bot/http/curl_http_client.hpp"

#include <CLI/CLI.hpp>

namespace medic::cli {

void add_doctor_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl);

} // namespace medic::cli
