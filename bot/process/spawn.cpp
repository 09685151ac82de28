#include "bot/process/spawn.hpp"

#include "bot/model/result.hpp"
#include "bot/process/orphan_guard.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace medic::process {
namespace {

/// The step at which a child gave up, sent back with its errno.
enum class Stage : int { setup, chdir, memory_limit, exec };

struct ChildFailure {
    Stage stage = Stage::setup;
    int error = 0;
};

/// Every descriptor the child needs, opened before fork: after fork only async-signal-safe calls
/// are allowed (the parent may have other threads holding allocator locks).
struct ChildEnds {
    FileDescriptor in;
    FileDescriptor out;
    FileDescriptor err; ///< None: standard error goes to `out`.
    FileDescriptor report;
};

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (const auto& text : strings)
        pointers.push_back(const_cast<char*>(text.c_str())); // execve does not write them
    pointers.push_back(nullptr);
    return pointers;
}

[[noreturn]] void child_fail(const ChildEnds& ends, Stage stage) {
    const ChildFailure failure{stage, errno};
    [[maybe_unused]] const auto written = ::write(ends.report.get(), &failure, sizeof failure);
    ::_exit(127);
}

/// Runs in the child between fork and exec; async-signal-safe calls only.
[[noreturn]] void become_child(const LaunchPlan& plan, const ChildEnds& ends, char* const* argv,
                               char* const* envp, pid_t parent) {
    ::setpgid(0, 0);
    // A Medic that is killed takes the command with it (and, under bubblewrap, the command's
    // whole process tree). If the parent died before this line, the signal would never come.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
        ::_exit(127);
    // Signal handlers are reset by exec, but an ignored SIGPIPE or SIGCHLD (as servers set) and
    // a blocked mask would be inherited and change how the command behaves.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGCHLD, SIG_DFL);
    const int err = ends.err ? ends.err.get() : ends.out.get();
    if (::dup2(ends.in.get(), STDIN_FILENO) < 0 || ::dup2(ends.out.get(), STDOUT_FILENO) < 0 ||
        ::dup2(err, STDERR_FILENO) < 0)
        child_fail(ends, Stage::setup);
    if (!plan.cwd.empty() && ::chdir(plan.cwd.c_str()) != 0)
        child_fail(ends, Stage::chdir);
    if (plan.memory_limit_bytes > 0) {
        const rlimit limit{plan.memory_limit_bytes, plan.memory_limit_bytes};
        if (::setrlimit(RLIMIT_AS, &limit) != 0)
            child_fail(ends, Stage::memory_limit);
    }
    // Descriptors the parent opened without O_CLOEXEC must not leak into the command.
    ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    ::execve(plan.program.c_str(), argv, envp);
    child_fail(ends, Stage::exec);
}

Error describe(const ChildFailure& failure, const LaunchPlan& plan) {
    const std::string reason = std::strerror(failure.error);
    switch (failure.stage) {
    case Stage::chdir:
        return {failure.error == ENOENT ? ErrorCode::not_found : ErrorCode::invalid_input,
                "cannot enter the working directory " + plan.cwd.string() + ": " + reason};
    case Stage::memory_limit:
        return {ErrorCode::invalid_input, "cannot set the memory limit of " +
                                              std::to_string(plan.memory_limit_bytes) +
                                              " bytes: " + reason};
    case Stage::exec:
        if (failure.error == ENOENT)
            return {ErrorCode::not_found, "cannot run '" + plan.display_name +
                                              "': no such program (is it installed and on PATH?)"};
        return {failure.error == EAGAIN || failure.error == ENOMEM ? ErrorCode::unavailable
                                                                   : ErrorCode::invalid_input,
                "cannot run '" + plan.display_name + "': " + reason};
    case Stage::setup:
        break;
    }
    return {ErrorCode::unavailable,
            "cannot set up the standard streams of '" + plan.display_name + "': " + reason};
}

/// Opens the pipes (or /dev/null) and returns the child's ends, keeping the parent's in `child`.
Result<ChildEnds> open_streams(const LaunchPlan& plan, Child& child) {
    ChildEnds ends;
    if (plan.feed_stdin) {
        MEDIC_TRY(in, make_pipe());
        ends.in = std::move(in->read);
        child.stdin_pipe = std::move(in->write);
    } else {
        ends.in.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (!ends.in)
            return fail(ErrorCode::unavailable,
                        std::string("cannot open /dev/null: ") + std::strerror(errno));
    }
    MEDIC_TRY(out, make_pipe());
    ends.out = std::move(out->write);
    child.stdout_pipe = std::move(out->read);
    if (plan.split_stderr) {
        MEDIC_TRY(err, make_pipe());
        ends.err = std::move(err->write);
        child.stderr_pipe = std::move(err->read);
    }
    return ends;
}

/// Blocks until the child has exec'd (the report pipe closes empty) or reported a failure.
std::optional<ChildFailure> read_report(const FileDescriptor& report) {
    ChildFailure failure;
    ssize_t got = 0;
    do {
        got = ::read(report.get(), &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    if (got == static_cast<ssize_t>(sizeof failure))
        return failure;
    return std::nullopt;
}

void reap(pid_t pid) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

} // namespace

Result<Child> spawn(const LaunchPlan& plan) {
    Child child;
    MEDIC_TRY(ends, open_streams(plan, child));
    MEDIC_TRY(report, make_pipe());
    ends->report = std::move(report->write);
    const auto argv = c_strings(plan.argv);
    const auto envp = c_strings(plan.environment);

    const pid_t parent = ::getpid();
    child.pid = ::fork();
    if (child.pid < 0)
        return fail(ErrorCode::unavailable,
                    std::string("cannot start a process (fork): ") + std::strerror(errno));
    if (child.pid == 0)
        become_child(plan, *ends, argv.data(), envp.data(), parent);

    // Also from the parent, so a kill aimed at the group cannot race the child's own setpgid.
    ::setpgid(child.pid, child.pid);
    *ends = ChildEnds{}; // the parent must not hold the child's ends, or EOF never comes
    guard_process_group(child.pid);
    if (const auto failure = read_report(report->read)) {
        release_process_group(child.pid);
        reap(child.pid);
        return std::unexpected(describe(*failure, plan));
    }
    return child;
}

} // namespace medic::process
