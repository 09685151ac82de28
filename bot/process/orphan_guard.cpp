#include "bot/process/orphan_guard.hpp"

#include "bot/process/file_descriptor.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/prctl.h>
#include <unistd.h>

namespace medic::process {
namespace {

/// One message: '+' or '-' and a group id; written whole (far below PIPE_BUF, so atomic).
using Message = std::array<char, 1 + sizeof(std::int32_t)>;

/// Reads one whole message; false at end of file (Medic is gone) or on an error.
bool read_message(int fd, Message& message) {
    std::size_t have = 0;
    while (have < message.size()) {
        auto const got = ::read(fd, message.data() + have, message.size() - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        have += static_cast<std::size_t>(got);
    }
    return true;
}

/// The guard's whole life. It was forked from a process that may have threads: from here on only
/// async-signal-safe calls, and no allocation.
[[noreturn]] void run_guard(int messages) {
    ::prctl(PR_SET_NAME, "medic-guard");
    // Nothing of Medic's stays open here but the pipe (a caller waiting for Medic's output to
    // end must not wait for the guard).
    int const null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd)
        ::dup2(null, fd);
    ::dup2(messages, 3);
    ::close_range(4, ~0U, 0);
    constexpr std::size_t k_max_groups = 4096;
    std::array<pid_t, k_max_groups> groups{};
    std::size_t count = 0;
    Message message{};
    while (read_message(3, message)) {
        std::int32_t group = 0;
        std::memcpy(&group, message.data() + 1, sizeof group);
        if (message[0] == '+' && count < groups.size()) {
            groups[count++] = group;
        } else if (message[0] == '-') {
            for (std::size_t i = 0; i < count; ++i)
                if (groups[i] == group) {
                    groups[i] = groups[--count];
                    break;
                }
        }
    }
    for (std::size_t i = 0; i < count; ++i)
        ::kill(-groups[i], SIGKILL);
    ::_exit(0);
}

class OrphanGuard {
public:
    static OrphanGuard& instance() {
        static OrphanGuard guard; // started once, on first use, whichever thread asks
        return guard;
    }

    void send(char kind, pid_t group) {
        Message message{kind};
        auto const id = static_cast<std::int32_t>(group);
        std::memcpy(message.data() + 1, &id, sizeof id);
        const std::lock_guard lock(m_mutex);
        // A forked copy of Medic (tests make them) gets a guard of its own: the first one
        // watches the process that started it.
        if (m_owner != ::getpid())
            start();
        if (!m_messages)
            return;
        ssize_t written = 0;
        do
            written = ::write(m_messages.get(), message.data(), message.size());
        while (written < 0 && errno == EINTR);
    }

private:
    OrphanGuard() = default;

    void start() {
        m_owner = ::getpid();
        m_messages.reset();
        auto pipe = make_pipe();
        if (!pipe)
            return;
        pid_t const pid = ::fork();
        if (pid == 0) {
            pipe->write.reset();
            run_guard(pipe->read.get());
        }
        if (pid > 0)
            m_messages = std::move(pipe->write);
    }

    pid_t m_owner = 0;         ///< The process this guard watches.
    FileDescriptor m_messages; ///< Closed only when that process ends: the guard's cue.
    std::mutex m_mutex;
};

} // namespace

void guard_process_group(pid_t group) {
    OrphanGuard::instance().send('+', group);
}

void release_process_group(pid_t group) {
    OrphanGuard::instance().send('-', group);
}

} // namespace medic::process
