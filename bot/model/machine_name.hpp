#pragma once
// Which processes can see each other's process ids: those of one machine, or rather of one
// process-id namespace on one host (containers may share a host name but not the process ids
// behind it). A process id named with a machine name says whether that process runs only to
// processes of the same machine name.

#include <optional>
#include <string>
#include <string_view>

namespace medic {

/// The host name and the inode of this process's process-id namespace, e.g.
/// "build-3~4026531836" (just the host name where /proc cannot tell).
std::string machine_name();

/// The process id in a process's name "<machine>:<pid>-<anything>" (a worker's, a repository
/// holder's) when it is of `machine`; none for another machine's, or a name of another form.
std::optional<long> pid_on_machine(std::string_view name, std::string_view machine);

} // namespace medic
