#include "bot/doctor/doctor.hpp"

#include "bot/doctor/doctor_code.hpp"
#include "bot/doctor/doctor_github.hpp"

namespace medic::doctor {

DoctorReport examine(const DoctorRequest& request, const Result<MedicConfig>& config,
                     const http::CurlGlobal& curl) {
    DoctorReport report;
    if (!config) {
        report.problem("configuration", config.error().message,
                       "fix .github/medic.yml (medic doctor -c FILE checks another file)");
        return report;
    }
    report.ok("configuration", config->warnings.empty()
                                   ? std::string("read")
                                   : "read, with " + std::to_string(config->warnings.size()) +
                                         " warning(s): " + config->warnings.front());
    check_local_setup(*config, request.repo, request.build_dir, report);
    if (!request.skip_code)
        check_code(*config, {request.repo, request.build_dir, request.telemetry}, report);
    bool const github = config->publish.mode == PublishMode::github;
    if (!request.offline && github)
        check_github(*config, request.repo, curl, report);
    else
        report.ok("GitHub", github ? "not checked (--offline)"
                                   : "not used (publish.mode: " +
                                         std::string(to_string(config->publish.mode)) + ")");
    if (!request.offline)
        check_llm(*config, curl, report);
    return report;
}

} // namespace medic::doctor
