#pragma once
// `medic doctor` as one call: every check, in the order people read them.

#include "bot/doctor/doctor_checks.hpp"
#include "bot/http/curl_http_client.hpp"
#include "bot/model/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace medic::doctor {

struct DoctorRequest {
    std::filesystem::path repo;
    std::string build_dir;              ///< Empty: found or configured, as the analysis does.
    std::vector<std::string> telemetry; ///< Its handlers must be locatable too.
    bool skip_code = false;             ///< No check that reads the code.
    bool offline = false;               ///< No check that needs the network.
};

/// The configuration as it was read (an error is the only finding: nothing else can be judged
/// without it), the local setup, the code, GitHub when the configuration publishes there, and
/// the model.
DoctorReport examine(const DoctorRequest& request, const Result<MedicConfig>& config,
                     const http::CurlGlobal& curl);

} // namespace medic::doctor
