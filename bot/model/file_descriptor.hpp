#pragma once
// FileDescriptor: the RAII owner of one POSIX descriptor, shared by every library that holds
// one (the process runner's pipes, the validation state's lock), so no path — an early return,
// a failed fork — leaks one or closes one twice.

#include <unistd.h>
#include <utility>

namespace medic {

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
    /// Closes the current descriptor (if any) and takes `fd`. close() is not retried on EINTR:
    /// on Linux the descriptor is released either way, and a retry could close one another
    /// thread has just been given.
    void reset(int fd = -1) {
        if (const int old = std::exchange(m_fd, fd); old >= 0)
            ::close(old);
    }

private:
    int m_fd = -1;
};

} // namespace medic
