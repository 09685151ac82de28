#pragma once
// `medic doctor`'s checks of the outside world: GitHub (credentials, permissions, repository,
// branch protection, auto-merge, push access) and the LLM endpoint.

#include "bot/doctor/doctor_checks.hpp"
#include "bot/http/curl_http_client.hpp"

namespace medic::doctor {

/// Checks everything publish: github needs, stopping at the first thing the rest depends on.
void check_github(const MedicConfig& config, const std::filesystem::path& repo,
                  const http::CurlGlobal& curl, DoctorReport& report);

/// Checks that the LLM endpoint answers and accepts the key (when drafting uses an LLM).
void check_llm(const MedicConfig& config, const http::CurlGlobal& curl, DoctorReport& report);

} // namespace medic::doctor
