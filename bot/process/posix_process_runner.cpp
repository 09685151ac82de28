#include "bot/process/posix_process_runner.hpp"

#include "bot/model/result.hpp"
#include "bot/process/sandbox.hpp"
#include "bot/process/spawn.hpp"
#include "bot/process/supervisor.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // NOLINT: POSIX's own global, read once per command

namespace medic::process {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> current_environment() {
    std::vector<std::string> entries;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
        entries.emplace_back(*entry);
    return entries;
}

Result<FileDescriptor> open_log(const fs::path& path) {
    std::error_code error;
    if (path.has_parent_path())
        fs::create_directories(path.parent_path(), error);
    FileDescriptor log(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
    if (!log)
        return fail(ErrorCode::invalid_input,
                    "cannot open the log file " + path.string() + ": " + std::strerror(errno));
    return log;
}

Result<void> create_writable_paths(const CommandSpec& spec, const fs::path& cwd) {
    for (const auto& path : spec.writable_paths) {
        std::error_code error;
        fs::create_directories(path.is_absolute() ? path : cwd / path, error);
        if (error)
            return fail(ErrorCode::invalid_input, "cannot create the writable path " +
                                                      path.string() + ": " + error.message());
    }
    return {};
}

/// Checks what can be checked before fork, so those failures are plain messages.
Result<void> check_spec(const CommandSpec& spec) {
    if (spec.argv.empty() || spec.argv.front().empty())
        return fail(ErrorCode::invalid_input, "no command given (argv is empty)");
    std::error_code error;
    if (!spec.cwd.empty() && !fs::is_directory(spec.cwd, error))
        return fail(ErrorCode::not_found,
                    "the working directory " + spec.cwd.string() + " does not exist");
    return {};
}

void record_exit(int wait_status, CommandResult& result) {
    if (WIFEXITED(wait_status))
        result.exit_code = WEXITSTATUS(wait_status);
    else if (WIFSIGNALED(wait_status))
        result.signal = WTERMSIG(wait_status);
    if (result.timed_out)
        result.exit_code = -1;
}

/// The first line of `text`, trimmed.
std::string first_line(std::string_view text) {
    const auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos)
        return "(no message)";
    text.remove_prefix(start);
    text = text.substr(0, text.find('\n'));
    return std::string(text.substr(0, text.find_last_not_of(" \t\r") + 1));
}

LaunchPlan plan_for(const CommandSpec& spec) {
    return {.program = spec.argv.front(),
            .display_name = spec.argv.front(),
            .argv = spec.argv,
            .environment = merged_environment(current_environment(), spec.env),
            .cwd = spec.cwd,
            .memory_limit_bytes = spec.memory_limit_bytes,
            .feed_stdin = !spec.stdin_text.empty(),
            .split_stderr = spec.split_stderr};
}

/// Starts `plan` within the fences of `spec`, waits for it and fills in `result`.
Result<CommandResult> execute(const LaunchPlan& plan, const CommandSpec& spec,
                              CommandResult result) {
    FileDescriptor log;
    if (!spec.log_file.empty()) {
        MEDIC_TRY(opened, open_log(spec.log_file));
        log = std::move(*opened);
    }
    const auto start = std::chrono::steady_clock::now();
    MEDIC_TRY(child, spawn(plan));
    auto ended = supervise(*child, {.timeout = spec.timeout,
                                    .grace = PosixProcessRunner::k_kill_grace,
                                    .max_output_bytes = spec.max_output_bytes,
                                    .stdin_text = spec.stdin_text,
                                    .log = log ? &log : nullptr});
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.timed_out = ended.timed_out;
    result.output = std::move(ended.output);
    result.error_output = std::move(ended.error_output);
    record_exit(ended.wait_status, result);
    return result;
}

Error program_not_found(const std::string& program) {
    return {ErrorCode::not_found,
            "cannot run '" + program + "': no such program (is it installed and on PATH?)"};
}

} // namespace

void PosixProcessRunner::probe_isolation() const {
    const auto environment = current_environment();
    const auto bwrap = find_program("bwrap", environment_value(environment, "PATH").value_or(""),
                                    fs::current_path());
    if (!bwrap) {
        m_isolation_unavailable = "bubblewrap is not installed";
        return;
    }
    CommandSpec probe;
    probe.argv = {bwrap->string(), "--unshare-pid", "--unshare-net", "--dev-bind", "/", "/",
                  "true"};
    probe.timeout = std::chrono::seconds(20);
    probe.split_stderr = true;
    auto plan = plan_for(probe);
    plan.program = bwrap->string();
    const auto result = execute(plan, probe, {});
    const std::string why = "bubblewrap cannot create a network namespace here: ";
    if (!result)
        m_isolation_unavailable = why + result.error().message;
    else if (!result->ok())
        m_isolation_unavailable = why + first_line(result->error_output);
    else
        m_bwrap = *bwrap;
}

std::string PosixProcessRunner::isolation_unavailable() const {
    std::call_once(m_probe_once, [this] { probe_isolation(); });
    return m_isolation_unavailable;
}

Result<CommandResult> PosixProcessRunner::run(const CommandSpec& spec) {
    MEDIC_RETURN_IF_ERROR(check_spec(spec));
    LaunchPlan plan = plan_for(spec);
    const fs::path cwd = spec.cwd.empty() ? fs::current_path() : fs::absolute(spec.cwd);
    const auto program = find_program(
        spec.argv.front(), environment_value(plan.environment, "PATH").value_or(""), cwd);
    // Not found: execve of the bare name fails with ENOENT and the child reports it.
    plan.program = program ? program->string() : spec.argv.front();

    CommandResult result;
    if (spec.deny_network && isolation_unavailable().empty()) {
        if (!program) // bubblewrap would exit 1 with its own message
            return std::unexpected(program_not_found(spec.argv.front()));
        MEDIC_RETURN_IF_ERROR(create_writable_paths(spec, cwd));
        plan.argv = bwrap_command(m_bwrap, spec, *program, cwd);
        plan.program = m_bwrap.string();
        result.network_isolated = true;
    }
    return execute(plan, spec, std::move(result));
}

} // namespace medic::process
