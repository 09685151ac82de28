#include "bot/process/supervisor.hpp"

#include "bot/process/orphan_guard.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// The loop ends when the child has exited and its pipes are at end of file. Two things could
// keep a pipe open forever: a command that outlives its timeout (SIGTERM to the group, SIGKILL
// after the grace, then reading stops), and a background grandchild that inherited the pipe and
// outlives the child (after the grace the rest of the group is killed and reading stops). The
// group is always killed once the child is gone, so no stray process is left behind.

namespace medic::process {

void TailBuffer::append(std::string_view bytes) {
    if (m_limit == 0)
        return;
    m_bytes.append(bytes);
    if (m_bytes.size() > 2 * m_limit)
        m_bytes.erase(0, m_bytes.size() - m_limit);
}

std::string TailBuffer::take() {
    if (m_bytes.size() > m_limit) {
        // Cut at a character's start: the tail is quoted in JSON and on terminals.
        std::size_t cut = m_bytes.size() - m_limit;
        while (cut < m_bytes.size() && (static_cast<unsigned char>(m_bytes[cut]) & 0xC0) == 0x80)
            ++cut;
        m_bytes.erase(0, cut);
    }
    return std::exchange(m_bytes, {});
}

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds k_poll_fallback{50}; // without a pidfd, how often to waitpid
constexpr std::chrono::milliseconds k_longest_timeout = std::chrono::hours(24 * 365); // no overflow

/// write() that turns a closed pipe into EPIPE without raising SIGPIPE in this process: the
/// signal is blocked on this thread and a SIGPIPE it raised is consumed before unblocking.
ssize_t write_without_sigpipe(int fd, std::string_view bytes) {
    sigset_t pipe_only;
    sigset_t old_mask;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_only, &old_mask);
    sigset_t pending;
    ::sigpending(&pending);
    const bool already_pending = sigismember(&pending, SIGPIPE) == 1;
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    const int saved = errno;
    if (written < 0 && saved == EPIPE && !already_pending) {
        const timespec no_wait{};
        ::sigtimedwait(&pipe_only, nullptr, &no_wait);
    }
    ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    errno = saved;
    return written;
}

void append_to_log(const FileDescriptor* log, std::string_view bytes) {
    while (log != nullptr && !bytes.empty()) {
        const ssize_t written = ::write(log->get(), bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return; // the log is a copy; a full disk must not stop the command
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
}

class Supervisor {
public:
    Supervisor(Child& child, const Supervision& fences)
        : m_child(child), m_fences(fences),
          m_timeout_at(Clock::now() + std::min(fences.timeout, k_longest_timeout)),
          m_output(fences.max_output_bytes), m_errors(fences.max_output_bytes),
          m_pidfd(static_cast<int>(::syscall(SYS_pidfd_open, child.pid, 0))) {
        for (auto* fd : {&child.stdin_pipe, &child.stdout_pipe, &child.stderr_pipe})
            if (*fd)
                set_nonblocking(*fd);
    }

    Supervised run() {
        while (!finished())
            wait_for_events();
        // Whatever is left of the group. The child is not reaped yet, so its pid (the group's id)
        // cannot have been reused by an unrelated process.
        ::kill(-m_child.pid, SIGKILL);
        release_process_group(m_child.pid);
        int status = 0;
        while (::waitpid(m_child.pid, &status, 0) < 0 && errno == EINTR) {
        }
        drain(m_child.stdout_pipe, m_output);
        drain(m_child.stderr_pipe, m_errors);
        return {status, m_timed_out, m_output.take(), m_errors.take()};
    }

private:
    /// Applies the deadlines; true when reading should stop.
    bool finished() {
        const auto now = Clock::now();
        if (!m_exited && !m_term_sent && now >= m_timeout_at) {
            m_timed_out = true;
            m_term_sent = true;
            m_kill_at = now + m_fences.grace;
            ::kill(-m_child.pid, SIGTERM);
        }
        if (m_term_sent && now >= m_kill_at)
            return true; // the group gets SIGKILL; output after that is not waited for
        const bool pipes_open = m_child.stdout_pipe || m_child.stderr_pipe;
        return m_exited && (!pipes_open || now >= m_linger_until);
    }

    Clock::time_point next_deadline() const {
        if (m_exited)
            return m_term_sent ? std::min(m_linger_until, m_kill_at) : m_linger_until;
        return m_term_sent ? m_kill_at : m_timeout_at;
    }

    void wait_for_events() {
        std::array<pollfd, 4> fds{};
        std::size_t count = 0;
        const auto watch = [&fds, &count](const FileDescriptor& fd, short events) {
            if (fd)
                fds[count++] = pollfd{fd.get(), events, 0};
        };
        watch(m_child.stdin_pipe, POLLOUT);
        watch(m_child.stdout_pipe, POLLIN);
        watch(m_child.stderr_pipe, POLLIN);
        if (!m_exited && m_pidfd)
            watch(m_pidfd, POLLIN);
        auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_deadline() - Clock::now());
        if (!m_pidfd && !m_exited)
            wait = std::min(wait, k_poll_fallback);
        const auto wait_ms = std::clamp<std::chrono::milliseconds::rep>(wait.count(), 0, 60'000);
        if (::poll(fds.data(), count, static_cast<int>(wait_ms)) < 0)
            return; // EINTR: the deadlines are checked again
        if (m_child.stdin_pipe)
            feed();
        read_some(m_child.stdout_pipe, m_output);
        read_some(m_child.stderr_pipe, m_errors);
        if (!m_exited)
            notice_exit();
    }

    void feed() {
        const ssize_t written = write_without_sigpipe(m_child.stdin_pipe.get(), m_to_write);
        if (written < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        if (written > 0)
            m_to_write.remove_prefix(static_cast<std::size_t>(written));
        if (written < 0 || m_to_write.empty())
            m_child.stdin_pipe.reset(); // all sent, or the child closed its end
    }

    /// Reads what is there without blocking; closes the pipe at end of file.
    void read_some(FileDescriptor& pipe, TailBuffer& into) {
        std::array<char, 65536> buffer{};
        while (pipe) {
            const ssize_t got = ::read(pipe.get(), buffer.data(), buffer.size());
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && errno == EAGAIN)
                return;
            if (got <= 0) {
                pipe.reset();
                return;
            }
            const std::string_view bytes(buffer.data(), static_cast<std::size_t>(got));
            into.append(bytes);
            append_to_log(m_fences.log, bytes);
            if (static_cast<std::size_t>(got) < buffer.size())
                return; // poll again rather than loop on a pipe someone keeps filling
        }
    }

    /// After the group is dead, what its members wrote before dying is still in the pipes.
    void drain(FileDescriptor& pipe, TailBuffer& into) {
        for (int round = 0; round < 64 && pipe; ++round)
            read_some(pipe, into);
    }

    /// Notices the child's exit without reaping it (WNOWAIT): see run().
    void notice_exit() {
        siginfo_t info{};
        const auto pid = static_cast<id_t>(m_child.pid);
        if (::waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0)
            return; // still running (WNOHANG leaves si_pid 0)
        m_exited = true;
        m_linger_until = Clock::now() + m_fences.grace;
        m_child.stdin_pipe.reset();
    }

    Child& m_child;
    const Supervision& m_fences;
    Clock::time_point m_timeout_at;
    Clock::time_point m_kill_at{};
    Clock::time_point m_linger_until{};
    bool m_term_sent = false;
    bool m_timed_out = false;
    bool m_exited = false;
    std::string_view m_to_write = m_fences.stdin_text;
    TailBuffer m_output;
    TailBuffer m_errors;
    FileDescriptor m_pidfd;
};

} // namespace

Supervised supervise(Child& child, const Supervision& fences) {
    return Supervisor(child, fences).run();
}

} // namespace medic::process
