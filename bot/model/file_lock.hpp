#pragma once
// Exclusive locks between Medic processes: flock(2) on a file, released when its descriptor
// closes or its process dies, so a killed Medic never leaves one held. The holder writes its
// pid into the file, for the message another process shows.

#include "bot/model/file_descriptor.hpp"
#include "bot/model/result.hpp"

#include <filesystem>

namespace medic {

/// Whether taking a lock that another process holds waits for it.
enum class LockWait { no, yes };

/// Locks `path`, creating it and its folder when missing. With LockWait::no, a lock held by
/// another process is an Error (conflict) whose message is "held by pid N".
Result<FileDescriptor> lock_file(const std::filesystem::path& path, LockWait wait);

} // namespace medic
