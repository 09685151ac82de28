#pragma once
// FileDescriptor and Pipe: RAII owners for the POSIX descriptors the process runner juggles, so
// no path (an early return, a failed fork) leaks one or closes one twice.

#include "bot/model/result.hpp"

#include <utility>

namespace medic::process {

/// Owns one file descriptor and closes it when destroyed; -1 means "none".
class FileDescriptor {
public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor() { reset(); }
    FileDescriptor(FileDescriptor&& other) noexcept : m_fd(other.release()) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept {
        if (this != &other)
            reset(other.release());
        return *this;
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;

    [[nodiscard]] int get() const { return m_fd; }
    explicit operator bool() const { return m_fd >= 0; }
    /// Gives up ownership without closing.
    int release() { return std::exchange(m_fd, -1); }
    /// Closes the current descriptor (if any) and takes `fd`.
    void reset(int fd = -1);

private:
    int m_fd = -1;
};

/// Both ends of a pipe; each is close-on-exec, so only the descriptors a child dup2()s onto
/// 0, 1 and 2 survive its exec.
struct Pipe {
    FileDescriptor read;
    FileDescriptor write;
};

/// pipe2(O_CLOEXEC); ErrorCode::unavailable when the process is out of descriptors.
Result<Pipe> make_pipe();

/// Sets O_NONBLOCK, so the poll loop never blocks on a read or a write.
void set_nonblocking(const FileDescriptor& fd);

} // namespace medic::process
