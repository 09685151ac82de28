#include "bot/doctor/doctor_checks.hpp"

#include "bot/git/worktree.hpp"
#include "bot/pipeline/run_setup.hpp"
#include "bot/validate/worktree.hpp"

#include <algorithm>

namespace medic::doctor {

namespace fs = std::filesystem;

void DoctorReport::ok(std::string name, std::string detail) {
    m_findings.push_back({DoctorFinding::Level::ok, std::move(name), std::move(detail), {}});
}

void DoctorReport::warning(std::string name, std::string detail, std::string fix) {
    m_findings.push_back(
        {DoctorFinding::Level::warning, std::move(name), std::move(detail), std::move(fix)});
}

void DoctorReport::problem(std::string name, std::string detail, std::string fix) {
    m_findings.push_back(
        {DoctorFinding::Level::problem, std::move(name), std::move(detail), std::move(fix)});
}

bool DoctorReport::healthy() const {
    return std::ranges::none_of(m_findings, [](const DoctorFinding& finding) {
        return finding.level == DoctorFinding::Level::problem;
    });
}

namespace {

void check_compile_database(const fs::path& repo, const std::string& build_dir,
                            DoctorReport& report) {
    std::vector<fs::path> candidates;
    if (!build_dir.empty())
        candidates.push_back(build_dir);
    else
        candidates = {repo, repo / "build"};
    for (auto const& dir : candidates)
        if (fs::exists(dir / "compile_commands.json"))
            return report.ok("compile database", (dir / "compile_commands.json").string());
    if (build_dir.empty() && fs::exists(repo / "CMakeLists.txt"))
        return report.ok("compile database",
                         "none yet; Medic configures the CMake project into its cache on the "
                         "first analysis");
    report.problem("compile database", "no compile_commands.json in " + candidates.front().string(),
                   "configure the build with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON and pass "
                   "--build-dir to where it writes compile_commands.json");
}

void check_validation(const MedicConfig& config, DoctorReport& report) {
    if (config.validate.build.empty() || config.validate.test.empty())
        report.problem("validation commands", "validate.build or validate.test is empty",
                       "set validate.configure, validate.build and validate.test in "
                       ".github/medic.yml");
    else
        report.ok("validation commands", config.validate.build);
}

/// Medic's own templates (tests, docs, prompts): where this binary finds them.
void check_templates(DoctorReport& report) {
    auto const dir = pipeline::templates_dir("");
    std::error_code error;
    std::size_t files = 0;
    for (auto it = fs::recursive_directory_iterator(dir, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error))
        files += it->is_regular_file() ? 1 : 0;
    if (files == 0)
        report.problem("Medic's templates", dir.string() + " holds no templates",
                       "reinstall Medic, or point $MEDIC_TEMPLATES at its templates folder");
    else
        report.ok("Medic's templates", dir.string() + " (" + std::to_string(files) + " files)");
}

} // namespace

void check_local_setup(const MedicConfig& config, const fs::path& repo,
                       const std::string& build_dir, DoctorReport& report) {
    if (auto head = git::resolve_commit(repo, "HEAD"); head)
        report.ok("git repository", repo.string() + " at " + head->substr(0, 12));
    else
        report.problem("git repository", head.error().message,
                       "run Medic on a git checkout with at least one commit (--repo)");
    check_compile_database(repo, build_dir, report);
    check_validation(config, report);
    check_templates(report);
}

} // namespace medic::doctor
