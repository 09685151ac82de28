#include "bot/doctor/doctor_code.hpp"

#include "analyzers/code/locate.hpp"
#include "analyzers/telemetry/ingest.hpp"
#include "bot/model/text.hpp"
#include "bot/model/text_file.hpp"

#include <regex>
#include <set>

namespace medic::doctor {
namespace {

namespace fs = std::filesystem;

/// True when a CMakeLists.txt of the repository (outside build trees) defines `target`.
bool defines_target(const fs::path& repo, const std::string& target) {
    std::regex const definition("(add_library|add_executable|add_custom_target)\\s*\\(\\s*" +
                                std::regex_replace(target, std::regex(R"([.+])"), R"(\$&)") +
                                "[\\s)]");
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(repo, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        auto const name = it->path().filename().string();
        if (it->is_directory() && (name.starts_with(".") || name.starts_with("build")))
            it.disable_recursion_pending();
        else if (name == "CMakeLists.txt")
            if (auto text = read_text_file(it->path());
                text && std::regex_search(*text, definition))
                return true;
    }
    return false;
}

void check_harness_target(const MedicConfig& config, const fs::path& repo, DoctorReport& report) {
    if (config.harness.target.empty())
        return report.warning(
            "validation harness", "harness.target is not set",
            "fixes are then proved only with the repository's own benchmarks; "
            "run `medic init --harness` to write a harness (templates/README.md)");
    if (!defines_target(repo, config.harness.target))
        return report.problem("validation harness",
                              "harness.target " + config.harness.target +
                                  " is not defined by any CMakeLists.txt of the repository",
                              "define it (medic init --harness writes one) or fix the name in "
                              ".github/medic.yml");
    report.ok("validation harness", "target " + config.harness.target + " is defined");
}

/// Locates `queries`; a warning naming each one that cannot be, with `what` they are.
void check_located(const code::ProjectOptions& project,
                   const std::vector<code::HandlerQuery>& queries, const std::string& what,
                   DoctorReport& report) {
    if (queries.empty())
        return;
    auto located = code::locate_handlers(project, queries);
    if (!located)
        return report.problem(what, located.error().message,
                              "fix the compile database (see the check above), then run again");
    if (located->not_found.empty())
        return report.ok(what, "all " + std::to_string(queries.size()) + " located in the code");
    report.warning(what,
                   std::to_string(located->not_found.size()) + " of " +
                       std::to_string(queries.size()) +
                       " cannot be located: " + join(located->not_found, ", "),
                   "Medic detects these but cannot explain or fix them: name them as the code "
                   "registers them (a function, a route, an RPC) or check medic locate --handler");
}

std::vector<code::HandlerQuery> configured_handlers(const MedicConfig& config) {
    std::set<std::string> names;
    for (auto const& [name, handler] : config.handlers)
        names.insert(name);
    for (auto const& [sequence, steps] : config.sequences)
        names.insert(steps.begin(), steps.end());
    std::vector<code::HandlerQuery> queries;
    for (auto const& name : names)
        queries.push_back({name, {}});
    return queries;
}

std::vector<code::HandlerQuery> telemetry_handlers(const MedicConfig& config,
                                                   const std::vector<std::string>& files,
                                                   DoctorReport& report) {
    auto summary = telemetry::ingest(files, {config.telemetry, {}});
    if (!summary) {
        report.problem("telemetry", summary.error().message, "check the --telemetry files");
        return {};
    }
    std::vector<code::HandlerQuery> queries;
    for (auto const& handler : summary->handlers)
        if (handler.source == SampleSource::events)
            queries.push_back({handler.handler, handler.names.all()});
    return queries;
}

} // namespace

void check_code(const MedicConfig& config, const CodeCheck& check, DoctorReport& report) {
    check_harness_target(config, check.repo, report);
    code::ProjectOptions project{check.repo, check.build_dir, 0, {}};
    project.vendored = config.code.vendored;
    check_located(project, configured_handlers(config), "handlers named in medic.yml", report);
    if (!check.telemetry.empty())
        check_located(project, telemetry_handlers(config, check.telemetry, report),
                      "handlers in the telemetry", report);
}

} // namespace medic::doctor
