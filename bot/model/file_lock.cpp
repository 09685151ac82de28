#include "bot/model/file_lock.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>

namespace medic {

Result<FileDescriptor> lock_file(const std::filesystem::path& path, LockWait wait) {
    std::error_code ignored;
    std::filesystem::create_directories(path.parent_path(), ignored);
    FileDescriptor lock(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!lock)
        return fail(ErrorCode::unavailable,
                    "cannot open " + path.string() + ": " + std::strerror(errno));
    int taken = 0;
    do
        taken = ::flock(lock.get(), LOCK_EX | (wait == LockWait::no ? LOCK_NB : 0));
    while (taken != 0 && errno == EINTR);
    if (taken != 0) {
        if (errno != EWOULDBLOCK)
            return fail(ErrorCode::unavailable,
                        "cannot lock " + path.string() + ": " + std::strerror(errno));
        char holder[32] = {};
        auto const read = ::pread(lock.get(), holder, sizeof holder - 1, 0);
        return fail(ErrorCode::conflict,
                    "held by pid " +
                        (read > 0 ? std::string(holder, static_cast<std::size_t>(read)) : "?"));
    }
    auto const pid = std::to_string(::getpid());
    if (::ftruncate(lock.get(), 0) != 0 ||
        ::pwrite(lock.get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
        return fail(ErrorCode::unavailable, "cannot write " + path.string());
    return lock;
}

} // namespace medic
