#include "analyzers/code/project.hpp"

#include "bot/model/anomaly.hpp"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace medic::code {
namespace {

constexpr const char* k_database = "compile_commands.json";

std::filesystem::path cache_dir_for(const std::filesystem::path& repo) {
    // A stable per-repository directory: the fingerprint hash of its canonical path.
    auto const key = anomaly_fingerprint(AnomalyKind::slow, repo.string(), "build-dir");
    return medic_cache_dir() / ("build-" + key);
}

/// Runs a command without a shell; its output goes to `log`. Returns the exit status.
int run_quietly(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    std::fflush(nullptr); // the child must not inherit (and later write) unflushed output
    pid_t const pid = ::fork();
    if (pid == 0) {
        // Raw descriptors, not freopen: closing the inherited stdout stream would flush the
        // parent's buffered output a second time.
        int const out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out >= 0) {
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
        }
        std::vector<char*> args;
        for (auto const& arg : argv)
            args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

std::filesystem::path medic_cache_dir() {
    char const* xdg = std::getenv("XDG_CACHE_HOME");
    char const* home = std::getenv("HOME");
    std::filesystem::path const base = xdg != nullptr && *xdg != '\0' ? std::filesystem::path(xdg)
                                       : home != nullptr ? std::filesystem::path(home) / ".cache"
                                                         : std::filesystem::temp_directory_path();
    return base / "medic";
}

Result<std::filesystem::path>
find_or_make_compile_database(const std::filesystem::path& repo,
                              const std::filesystem::path& build_dir) {
    std::error_code error;
    auto const root = std::filesystem::canonical(repo, error);
    if (error)
        return fail(ErrorCode::not_found, repo.string() + ": no such repository directory");
    if (!build_dir.empty()) {
        if (std::filesystem::exists(build_dir / k_database))
            return build_dir;
        return fail(ErrorCode::not_found, (build_dir / k_database).string() +
                                              " does not exist (configure with "
                                              "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
    }
    for (auto const& candidate : {root, root / "build"})
        if (std::filesystem::exists(candidate / k_database))
            return candidate;
    if (!std::filesystem::exists(root / "CMakeLists.txt"))
        return fail(ErrorCode::not_found,
                    root.string() + " has no compile_commands.json and no CMakeLists.txt to make "
                                    "one: pass --build-dir to where your build writes it");
    auto const cache = cache_dir_for(root);
    std::filesystem::create_directories(cache, error);
    int const status = run_quietly(
        {"cmake", "-S", root.string(), "-B", cache.string(), "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"},
        cache / "medic-configure.log");
    if (status != 0 || !std::filesystem::exists(cache / k_database))
        return fail(ErrorCode::invalid_input, "configuring " + root.string() +
                                                  " with CMake failed (exit " +
                                                  std::to_string(status) + "); see " +
                                                  (cache / "medic-configure.log").string());
    return cache;
}

} // namespace medic::code
