#pragma once
// The commands of `medic`, one file each (<name>_command.cpp): each adds its subcommand to the
// app — flags, help, and a callback that sets `exit_code` — and leaves the work to the libraries.
// Those that reach the network take the process's libcurl start-up.

#include "bot/http/curl_http_client.hpp"

#include <CLI/CLI.hpp>

namespace medic::cli {

/// `medic detect`: telemetry in, ranked anomalies and an anomaly report out.
void add_detect_command(CLI::App& app, int& exit_code);
/// `medic locate`: a handler name in, compiler-accurate places in the source out.
void add_locate_command(CLI::App& app, int& exit_code);
/// `medic analyze`: the code checks on the handlers an anomaly report (or --handler) names.
void add_analyze_command(CLI::App& app, int& exit_code);
/// `medic fix`: an anomaly report in, one vetted patch draft per anomaly out (never applied).
void add_fix_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl);
/// `medic validate`: one drafted fix proved or refused alone.
void add_validate_command(CLI::App& app, int& exit_code);
/// `medic run`: the whole pipeline, telemetry in, validated and published fixes out.
void add_run_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl);
/// `medic doctor`: everything a run needs is in place (configuration, compile database,
/// validation, GitHub credentials and permissions, the model), each problem with its fix.
void add_doctor_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl);
/// `medic init`: a starter configuration, its schema, a workflow, or the harness.
void add_init_command(CLI::App& app, int& exit_code);
/// `medic serve`: the GitHub App webhook server (bot/serve).
void add_serve_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl);
/// `medic outcomes`: what each fix strategy achieved, from a state directory's records.
void add_outcomes_command(CLI::App& app, int& exit_code);

} // namespace medic::cli
