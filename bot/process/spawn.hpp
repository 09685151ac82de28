#pragma once
// spawn: fork and exec one child in a process group of its own, with its standard streams on
// pipes; a child that cannot exec reports why through a close-on-exec pipe, so "no such program"
// is an Error rather than a confusing exit status 127.

#include "bot/model/result.hpp"
#include "bot/process/file_descriptor.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace medic::process {

/// A child to start, already resolved: nothing is looked up after fork.
struct LaunchPlan {
    std::string program;                  ///< Passed to execve as is (absolute when found).
    std::string display_name;             ///< How errors name the program (the spec's argv[0]).
    std::vector<std::string> argv;        ///< As the program sees it.
    std::vector<std::string> environment; ///< The complete environment, "NAME=value".
    std::filesystem::path cwd;            ///< Empty: the parent's.
    std::uint64_t memory_limit_bytes = 0; ///< RLIMIT_AS; 0: unchanged.
    bool feed_stdin = false;              ///< Pipe standard input; otherwise /dev/null.
    bool split_stderr = false;            ///< Standard error on a pipe of its own.
};

/// A started child; its pid is also its process group id.
struct Child {
    pid_t pid = -1;
    FileDescriptor stdin_pipe;  ///< Write end, when LaunchPlan::feed_stdin.
    FileDescriptor stdout_pipe; ///< Read end; carries standard error too unless split.
    FileDescriptor stderr_pipe; ///< Read end, when LaunchPlan::split_stderr.
};

/// Starts the child once its exec has succeeded. Errors: not_found (no such program or working
/// directory), invalid_input (not executable, limit refused), unavailable (out of processes or
/// descriptors).
Result<Child> spawn(const LaunchPlan& plan);

} // namespace medic::process
