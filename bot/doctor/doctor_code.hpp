#pragma once
// `medic doctor`'s checks of the code: that the harness target exists, and that the handlers the
// configuration (and, given, the telemetry) names can be located.

#include "bot/doctor/doctor_checks.hpp"

#include <string>
#include <vector>

namespace medic::doctor {

/// What the code checks read.
struct CodeCheck {
    std::filesystem::path repo;
    std::string build_dir;
    std::vector<std::string> telemetry; ///< Optional: check the handlers in it too.
};

void check_code(const MedicConfig& config, const CodeCheck& check, DoctorReport& report);

} // namespace medic::doctor
