#pragma once
// supervise: the parent's side of a running child — feeds its standard input, collects its
// output, enforces the timeout on its whole process group, and reaps it.

#include "bot/process/file_descriptor.hpp"
#include "bot/process/spawn.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace medic::process {

/// Keeps the last `limit` bytes appended, in amortised constant time per byte.
class TailBuffer {
public:
    explicit TailBuffer(std::size_t limit) : m_limit(limit) {}
    void append(std::string_view bytes);
    /// The kept bytes; the buffer is left empty.
    [[nodiscard]] std::string take();

private:
    std::size_t m_limit;
    std::string m_bytes;
};

/// The fences around one supervised child.
struct Supervision {
    std::chrono::milliseconds timeout{0};
    /// After SIGTERM, and after the child's exit while others still hold its pipes.
    std::chrono::milliseconds grace{2000};
    std::size_t max_output_bytes = 0;
    std::string_view stdin_text;
    const FileDescriptor* log = nullptr; ///< Output is appended here too when set.
};

/// How the child ended, as waitpid reported it.
struct Supervised {
    int wait_status = 0;
    bool timed_out = false;
    std::string output;
    std::string error_output;
};

/// Runs until the child has exited and its pipes are drained (or were abandoned, see the .cpp);
/// leaves no member of the child's process group running.
Supervised supervise(Child& child, const Supervision& fences);

} // namespace medic::process
