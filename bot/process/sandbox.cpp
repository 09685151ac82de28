#include "bot/process/sandbox.hpp"

#include <algorithm>
#include <ranges>
#include <unistd.h>

namespace medic::process {
namespace {

namespace fs = std::filesystem;

bool is_executable_file(const fs::path& path) {
    std::error_code error;
    return fs::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

/// True when `path` is `base` or lies below it (both absolute and normalised).
bool is_within(const fs::path& path, const fs::path& base) {
    const auto [base_end, path_end] = std::ranges::mismatch(base, path);
    return base_end == base.end() || (std::next(base_end) == base.end() && base_end->empty());
}

fs::path absolute_normal(const fs::path& path, const fs::path& cwd) {
    return (path.is_absolute() ? path : cwd / path).lexically_normal();
}

} // namespace

std::optional<fs::path> find_program(const std::string& program, std::string_view path_variable,
                                     const fs::path& cwd) {
    if (program.empty())
        return std::nullopt;
    if (program.find('/') != std::string::npos) {
        const fs::path path = absolute_normal(program, cwd);
        return is_executable_file(path) ? std::optional(path) : std::nullopt;
    }
    for (const auto entry : std::views::split(path_variable, ':')) {
        const std::string_view directory(entry.begin(), entry.end());
        const fs::path candidate =
            absolute_normal(fs::path(directory.empty() ? "." : directory) / program, cwd);
        if (is_executable_file(candidate))
            return candidate;
    }
    return std::nullopt;
}

std::vector<std::string>
merged_environment(std::vector<std::string> environment,
                   const std::vector<std::pair<std::string, std::string>>& overrides) {
    for (const auto& [name, value] : overrides) {
        const std::string entry = name + "=" + value;
        const auto same_name = [&name](const std::string& existing) {
            return existing.size() > name.size() && existing.starts_with(name) &&
                   existing[name.size()] == '=';
        };
        if (const auto found = std::ranges::find_if(environment, same_name);
            found != environment.end())
            *found = entry;
        else
            environment.push_back(entry);
    }
    return environment;
}

std::optional<std::string_view> environment_value(const std::vector<std::string>& environment,
                                                  std::string_view name) {
    for (const std::string_view entry : environment)
        if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=')
            return entry.substr(name.size() + 1);
    return std::nullopt;
}

std::vector<std::string> bwrap_command(const fs::path& bwrap, const CommandSpec& spec,
                                       const fs::path& program, const fs::path& cwd) {
    // --die-with-parent and a PID namespace: when Medic dies, bubblewrap dies, and with it (the
    // namespace's init) every process the command started — a killed run leaves no build behind.
    std::vector<std::string> argv{bwrap.string(), "--die-with-parent", "--unshare-pid",
                                  "--unshare-net"};
    const auto add = [&argv](std::initializer_list<std::string> words) {
        argv.insert(argv.end(), words);
    };
    if (spec.writable_paths.empty()) {
        add({"--dev-bind", "/", "/"});
    } else {
        add({"--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"});
        std::vector<fs::path> writable;
        for (const auto& path : spec.writable_paths)
            writable.push_back(absolute_normal(path, cwd));
        // The private /tmp would hide a working directory or program below it: they stay
        // readable (bound before the writable paths, so a writable path inside still wins).
        for (const auto& needed : {cwd, program.parent_path()}) {
            const auto covers = [&needed](const fs::path& path) { return is_within(needed, path); };
            if (is_within(needed, "/tmp") && !std::ranges::any_of(writable, covers))
                add({"--ro-bind", needed.string(), needed.string()});
        }
        for (const auto& path : writable)
            add({"--bind", path.string(), path.string()});
    }
    add({"--chdir", cwd.string(), "--", program.string()});
    argv.insert(argv.end(), std::next(spec.argv.begin()), spec.argv.end());
    return argv;
}

} // namespace medic::process
