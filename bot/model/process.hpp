#pragma once
// CommandSpec, CommandResult and ProcessRunner: how Medic runs a repository's own commands
// (configure, build, test, benchmark, clang-format) — the process edge of the world, as an
// interface so stages stay testable and the composition root picks the real runner.

#include "bot/model/result.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace medic {

/// One command to run, and the fences around it.
struct CommandSpec {
    std::vector<std::string> argv; ///< argv[0] is looked up on PATH; no shell unless asked.
    std::filesystem::path cwd;     ///< Empty: the current directory.
    std::vector<std::pair<std::string, std::string>> env; ///< Set on top of Medic's environment.
    std::chrono::milliseconds timeout{std::chrono::minutes(10)}; ///< Then the group is killed.
    std::uint64_t memory_limit_bytes = 0; ///< Address-space limit per process; 0: none.
    bool deny_network = false; ///< Run in a network namespace of its own when the machine allows.
    /// With deny_network: the only paths the command may write (plus a private /tmp); empty: all.
    std::vector<std::filesystem::path> writable_paths;
    std::filesystem::path log_file; ///< Output is also appended here when set.
    std::string stdin_text;         ///< Fed to standard input, which is then closed.
    /// Of `output` and of `error_output`, only the last this many bytes are kept.
    std::size_t max_output_bytes = 1 << 20;
    bool split_stderr = false; ///< Keep standard error apart (in error_output).
};

/// How a command ended. A non-zero exit is a result, not an Error.
struct CommandResult {
    int exit_code = -1; ///< -1 when killed by a signal or the timeout.
    int signal = 0;     ///< The signal that ended it, or 0.
    bool timed_out = false;
    double seconds = 0;
    std::string output;            ///< Standard output (standard error too unless split_stderr).
    std::string error_output;      ///< Standard error when the runner was asked to keep it apart.
    bool network_isolated = false; ///< True when it ran without network access.

    [[nodiscard]] bool ok() const { return exit_code == 0 && signal == 0 && !timed_out; }
};

/// Runs commands. Errors are for commands that could not be started at all.
class ProcessRunner {
public:
    virtual ~ProcessRunner() = default;
    /// Starts `spec` and waits until it ends or its timeout has it killed.
    virtual Result<CommandResult> run(const CommandSpec& spec) = 0;
    /// Why deny_network cannot be honoured on this machine, or "" when it can.
    [[nodiscard]] virtual std::string isolation_unavailable() const = 0;
};

} // namespace medic
