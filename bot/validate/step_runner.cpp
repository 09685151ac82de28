#include "bot/validate/step_runner.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace medic::validate {

namespace fs = std::filesystem;

std::string shell_quote(std::string_view text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    return quoted + "'";
}

std::string fill_placeholders(std::string command, const std::map<std::string, std::string>& values,
                              Quoting quoting) {
    for (auto const& [name, value] : values) {
        auto const key = "{" + name + "}";
        auto const quoted = quoting == Quoting::shell ? shell_quote(value) : value;
        for (auto at = command.find(key); at != std::string::npos;
             at = command.find(key, at + quoted.size()))
            command.replace(at, key.size(), quoted);
    }
    return command;
}

std::vector<fs::path> compiler_cache_dirs(const std::function<const char*(const char*)>& variable) {
    auto const value = [&variable](const char* name) {
        auto const* text = variable(name);
        return text != nullptr && *text == '/' ? fs::path(text) : fs::path();
    };
    std::vector<fs::path> dirs;
    if (auto const ccache = value("CCACHE_DIR"); !ccache.empty()) {
        dirs.push_back(ccache);
    } else {
        std::vector<fs::path> defaults;
        if (auto const xdg = value("XDG_CACHE_HOME"); !xdg.empty())
            defaults.push_back(xdg / "ccache");
        if (auto const home = value("HOME"); !home.empty())
            defaults.insert(defaults.end(), {home / ".cache" / "ccache", home / ".ccache"});
        std::error_code error;
        for (auto const& dir : defaults)
            if (fs::is_directory(dir, error))
                dirs.push_back(dir);
    }
    if (auto const sccache = value("SCCACHE_DIR"); !sccache.empty())
        dirs.push_back(sccache);
    return dirs;
}

StepRunner::StepRunner(ProcessRunner& runner, const ValidateConfig& config, fs::path log_dir,
                       fs::path writable_root, Verdict& verdict)
    : m_runner(runner), m_config(config), m_log_dir(std::move(log_dir)),
      m_writable_root(std::move(writable_root)), m_verdict(verdict),
      m_compiler_caches(compiler_cache_dirs([](const char* name) { return std::getenv(name); })) {
    // A cache folder that does not exist yet cannot be bound into the sandbox: made here, and
    // left out when it cannot be.
    std::erase_if(m_compiler_caches, [](const fs::path& dir) {
        std::error_code error;
        fs::create_directories(dir, error);
        return !fs::is_directory(dir, error);
    });
}

std::string StepRunner::tail(std::string_view output, std::size_t lines) {
    while (!output.empty() && std::isspace(static_cast<unsigned char>(output.back())))
        output.remove_suffix(1);
    std::size_t start = output.size();
    for (std::size_t seen = 0; start > 0; --start)
        if (output[start - 1] == '\n' && ++seen == lines)
            break;
    return std::string(output.substr(start));
}

Result<CommandResult> StepRunner::shell(const std::string& step, const std::string& build,
                                        const std::string& command, const fs::path& cwd) {
    CommandSpec spec;
    spec.argv = {"/bin/sh", "-c", command};
    spec.cwd = cwd;
    return run(step, build, std::move(spec), command, false);
}

Result<CommandResult> StepRunner::exec(const std::string& step, const std::string& build,
                                       std::vector<std::string> argv, const fs::path& cwd,
                                       bool quiet) {
    std::string shown;
    for (auto const& arg : argv)
        shown += (shown.empty() ? "" : " ") + arg;
    CommandSpec spec;
    spec.argv = std::move(argv);
    spec.cwd = cwd;
    spec.split_stderr = quiet; // benchmark JSON arrives on stdout, clean
    return run(step, build, std::move(spec), shown, quiet);
}

Result<CommandResult> StepRunner::run(const std::string& step, const std::string& build,
                                      CommandSpec spec, const std::string& shown, bool quiet) {
    spec.timeout = std::chrono::milliseconds(m_config.timeout_ms);
    spec.memory_limit_bytes = m_config.memory_limit_bytes;
    spec.deny_network = !m_config.network;
    if (spec.deny_network) {
        // The build may write its work folder, and the team's compiler cache (a validation
        // build then costs what an incremental one does).
        spec.writable_paths = {m_writable_root};
        spec.writable_paths.insert(spec.writable_paths.end(), m_compiler_caches.begin(),
                                   m_compiler_caches.end());
    }
    std::string file_step = step;
    std::replace(file_step.begin(), file_step.end(), ' ', '-');
    char number[8];
    std::snprintf(number, sizeof number, "%02u", ++m_count);
    if (!quiet)
        spec.log_file = m_log_dir / (std::string(number) + "-" + build + "-" + file_step + ".log");
    auto result = m_runner.run(spec);
    if (!result)
        return result;
    m_verdict.command_seconds += result->seconds;
    m_verdict.network_isolated = result->network_isolated;
    if (!quiet)
        m_verdict.commands.push_back({step, build, shown, result->exit_code, result->timed_out,
                                      result->seconds, spec.log_file.string(),
                                      tail(result->output)});
    return result;
}

} // namespace medic::validate
