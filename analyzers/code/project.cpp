#include "analyzers/code/project.hpp"

#include "analyzers/code/database_template.hpp"
#include "bot/model/anomaly.hpp"
#include "bot/model/file_lock.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <sys/prctl.h>
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
    pid_t const parent = ::getpid();
    pid_t const pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // a killed Medic leaves no configure running
        if (::getppid() != parent)
            ::_exit(127);
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

bool is_source_file(const std::string& path) {
    for (std::string_view const ending :
         {".h", ".hh", ".hpp", ".hxx", ".inc", ".c", ".cc", ".cpp", ".cxx"})
        if (path.ends_with(ending))
            return true;
    return false;
}

/// Runs the build's code generators (protoc, grpc_cpp_plugin, configure_file steps...): the
/// sources and headers of custom commands, so that units including generated headers parse.
/// Only those, not the build. Returns the generated sources (relative to `build`), or nothing
/// when ninja cannot list or make them (then a failure shows as the units that do not parse).
std::optional<std::vector<std::string>> generate_sources(const std::filesystem::path& build) {
    auto const listing = build / "medic-targets.log";
    if (run_quietly({"ninja", "-C", build.string(), "-t", "targets", "all"}, listing) != 0)
        return std::nullopt;
    std::vector<std::string> generated;
    std::ifstream targets(listing);
    for (std::string line; std::getline(targets, line);) {
        auto const colon = line.rfind(": ");
        auto const target = line.substr(0, colon);
        if (colon != std::string::npos && line.substr(colon + 2) == "CUSTOM_COMMAND" &&
            is_source_file(target) && !target.starts_with("/"))
            generated.push_back(target);
    }
    std::vector<std::string> command{"ninja", "-C", build.string()};
    command.insert(command.end(), generated.begin(), generated.end());
    if (!generated.empty() && run_quietly(command, build / "medic-generate.log") != 0)
        return std::nullopt;
    return generated;
}

/// Generates `build`'s sources; its database and generated sources then become the template of
/// every clone with the same contents (not when the generators could not be listed or failed).
void generate_and_keep_template(const std::filesystem::path& root,
                                const std::filesystem::path& build, const std::string& key) {
    if (auto const generated = generate_sources(build))
        store_database_template(root, build, *generated, key);
}

/// The database of a fresh clone, from the template of a commit configured before (in another
/// clone); false when there is none or the one there is stale.
bool database_from_template(const std::filesystem::path& root, const std::filesystem::path& build,
                            const std::string& key) {
    if (auto const from = instantiated_from(build)) {
        if (*from == key && std::filesystem::exists(build / k_database))
            return true;
        std::error_code error; // stale: configure for real
        std::filesystem::remove_all(build, error);
        std::filesystem::create_directories(build, error);
        return false;
    }
    return !std::filesystem::exists(build / "CMakeCache.txt") &&
           instantiate_database_template(root, build, key);
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
    // Two Medic processes on one checkout (a CLI run beside a server job) configure it in turn.
    MEDIC_TRY(configuring, lock_file(cache / "medic-configure.lock", LockWait::yes));
    // Only a fresh or templated build folder needs the key (it reads the whole repository); a
    // configured one is kept current by ninja below.
    if (!std::filesystem::exists(cache / "CMakeCache.txt") &&
        database_from_template(root, cache, configure_key(root)))
        return cache;
    bool const ninja = run_quietly({"ninja", "--version"}, cache / "medic-ninja.log") == 0;
    // Configured before: ninja re-runs CMake only when a CMakeLists.txt changed (milliseconds
    // otherwise), where a configure takes seconds on every pass of every run.
    if (ninja && std::filesystem::exists(cache / "build.ninja") &&
        std::filesystem::exists(cache / k_database) &&
        run_quietly({"ninja", "-C", cache.string(), "build.ninja"},
                    cache / "medic-configure.log") == 0) {
        static_cast<void>(generate_sources(cache));
        return cache;
    }
    std::vector<std::string> configure{
        "cmake", "-S", root.string(), "-B", cache.string(), "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"};
    if (ninja && !std::filesystem::exists(cache / "CMakeCache.txt"))
        configure.insert(configure.end(), {"-G", "Ninja"});
    int const status = run_quietly(configure, cache / "medic-configure.log");
    if (status == 127) // run_quietly: execvp found no cmake
        return fail(ErrorCode::invalid_input,
                    "cmake is not installed, and " + root.string() +
                        " has no compile_commands.json: install cmake (Debian: apt-get install "
                        "cmake ninja-build), or pass --build-dir to a build that wrote one");
    if (status != 0 || !std::filesystem::exists(cache / k_database))
        return fail(ErrorCode::invalid_input, "configuring " + root.string() +
                                                  " with CMake failed (exit " +
                                                  std::to_string(status) + "); see " +
                                                  (cache / "medic-configure.log").string());
    if (ninja && std::filesystem::exists(cache / "build.ninja"))
        generate_and_keep_template(root, cache, configure_key(root));
    return cache;
}

std::vector<std::string> vendored_paths(const std::filesystem::path& repo,
                                        const std::vector<std::string>& configured) {
    std::vector<std::string> folders;
    auto const add = [&folders](std::string folder) {
        while (folder.starts_with("./"))
            folder.erase(0, 2);
        if (folder.empty())
            return;
        if (!folder.ends_with('/'))
            folder += '/';
        if (std::find(folders.begin(), folders.end(), folder) == folders.end())
            folders.push_back(std::move(folder));
    };
    for (auto const& folder : configured)
        add(folder);
    std::ifstream modules(repo / ".gitmodules");
    for (std::string line; std::getline(modules, line);)
        if (auto const key = line.find("path");
            key != std::string::npos && line.find('=', key) != std::string::npos) {
            auto value = line.substr(line.find('=', key) + 1);
            value.erase(0, value.find_first_not_of(" \t"));
            value.erase(value.find_last_not_of(" \t\r") + 1);
            add(value);
        }
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(repo, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        if (!it->is_directory())
            continue;
        auto const name = it->path().filename().string();
        if (name.starts_with(".") || it.depth() >= 2) {
            it.disable_recursion_pending();
            continue;
        }
        if (std::filesystem::exists(it->path() / "CMakeCache.txt")) {
            add(it->path().lexically_relative(repo).string());
            it.disable_recursion_pending();
        }
    }
    return folders;
}

} // namespace medic::code
