#pragma once
// The findings of `medic doctor`, and the checks that do not need GitHub.

#include "bot/model/config.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace medic::doctor {

/// One thing checked: fine, worth knowing, or a problem with the fix for it.
struct DoctorFinding {
    enum class Level { ok, warning, problem } level = Level::ok;
    std::string name;
    std::string detail;
    std::string fix; ///< For problems and warnings: what to do.
};

/// Collects findings in order.
class DoctorReport {
public:
    void ok(std::string name, std::string detail);
    void warning(std::string name, std::string detail, std::string fix);
    void problem(std::string name, std::string detail, std::string fix);
    [[nodiscard]] const std::vector<DoctorFinding>& findings() const { return m_findings; }
    [[nodiscard]] bool healthy() const;

private:
    std::vector<DoctorFinding> m_findings;
};

/// The repository is a git checkout; the compile database and validation are set up.
void check_local_setup(const MedicConfig& config, const std::filesystem::path& repo,
                       const std::string& build_dir, DoctorReport& report);

} // namespace medic::doctor
