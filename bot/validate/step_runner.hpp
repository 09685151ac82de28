#pragma once
// StepRunner: runs one validation step's command under the configured fences (timeout, memory
// limit, no network), keeps its whole output in a log file, and records it in the Verdict.

#include "bot/model/config.hpp"
#include "bot/model/process.hpp"
#include "bot/model/verdict.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace medic::validate {

/// `text` quoted for /bin/sh: 'it'\''s'.
std::string shell_quote(std::string_view text);

enum class Quoting { shell, none };

/// `command` with each {name} replaced by its value from `values`, shell-quoted unless the
/// result is a plain path (Quoting::none).
std::string fill_placeholders(std::string command, const std::map<std::string, std::string>& values,
                              Quoting quoting = Quoting::shell);

/// The compiler caches a validation build may write to besides its work folder: $CCACHE_DIR,
/// else ccache's default folders that exist ($XDG_CACHE_HOME/ccache, ~/.cache/ccache,
/// ~/.ccache), and $SCCACHE_DIR. `variable` reads the environment (injected for tests).
std::vector<std::filesystem::path>
compiler_cache_dirs(const std::function<const char*(const char*)>& variable);

class StepRunner {
public:
    StepRunner(ProcessRunner& runner, const ValidateConfig& config, std::filesystem::path log_dir,
               std::filesystem::path writable_root, Verdict& verdict);

    /// Runs `command` through /bin/sh in `cwd`, recorded as `step` of `build`.
    Result<CommandResult> shell(const std::string& step, const std::string& build,
                                const std::string& command, const std::filesystem::path& cwd);

    /// Runs `argv` directly (no shell), recorded like shell(). With `quiet` the command is
    /// counted in the verdict's time but not listed (benchmark runs, which are many).
    Result<CommandResult> exec(const std::string& step, const std::string& build,
                               std::vector<std::string> argv, const std::filesystem::path& cwd,
                               bool quiet = false);

    /// The last few lines of `output`, for a reason or a report.
    static std::string tail(std::string_view output, std::size_t lines = 12);

private:
    Result<CommandResult> run(const std::string& step, const std::string& build, CommandSpec spec,
                              const std::string& shown, bool quiet);

    ProcessRunner& m_runner;
    const ValidateConfig& m_config;
    std::filesystem::path m_log_dir;
    std::filesystem::path m_writable_root;
    Verdict& m_verdict;
    std::vector<std::filesystem::path> m_compiler_caches;
    unsigned m_count = 0;
};

} // namespace medic::validate
