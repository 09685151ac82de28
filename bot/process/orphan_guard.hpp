#pragma once
// The orphan guard: a small process that outlives Medic only to kill what Medic started. Each
// command's process group is registered with it over a pipe; when Medic dies — by SIGKILL too —
// the pipe closes and the guard kills every group still registered. It closes the gaps the
// parent-death signal leaves: a command's own children outside a sandbox, and bubblewrap killed
// while it sets its sandbox up (before its child has asked for the signal).

#include <sys/types.h>

namespace medic::process {

/// Registers process group `group` with the guard, which starts on first use (without it —
/// fork failed — commands still die with Medic through their parent-death signal alone).
void guard_process_group(pid_t group);

/// Unregisters `group`. Call it before reaping the group's leader: its id may then be reused.
void release_process_group(pid_t group);

} // namespace medic::process
