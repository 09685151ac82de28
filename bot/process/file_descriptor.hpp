#pragma once
// Pipe: both ends of a pipe as FileDescriptors (bot/model/file_descriptor.hpp), the RAII owners
// of the descriptors the process runner juggles.

#include "bot/model/file_descriptor.hpp"
#include "bot/model/result.hpp"

#include <utility>

namespace medic::process {

using medic::FileDescriptor;

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
