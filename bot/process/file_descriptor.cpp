#include "bot/process/file_descriptor.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace medic::process {

Result<Pipe> make_pipe() {
    int fds[2] = {-1, -1};
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return fail(ErrorCode::unavailable,
                    std::string("cannot create a pipe for a child process: ") +
                        std::strerror(errno));
    return Pipe{FileDescriptor(fds[0]), FileDescriptor(fds[1])};
}

void set_nonblocking(const FileDescriptor& fd) {
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags >= 0)
        ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK);
}

} // namespace medic::process
