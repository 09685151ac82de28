#pragma once
// PosixProcessRunner: the production ProcessRunner — fork/exec in a process group of its own,
// output through pipes, timeout and memory limit enforced, network denied with bubblewrap.

#include "bot/model/process.hpp"

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>

namespace medic::process {

/// Runs commands on this machine. One runner may serve several threads at once.
class PosixProcessRunner final : public ProcessRunner {
public:
    /// How long a timed-out group has between SIGTERM and SIGKILL, and how long output is still
    /// read after the command exited while a background process keeps its pipes open.
    static constexpr std::chrono::milliseconds k_kill_grace{2000};

    /// Starts nothing: bubblewrap is probed on the first command that asks for isolation.
    PosixProcessRunner() = default;

    /// Starts `spec` and waits for it. Errors: invalid_input (empty argv, unusable log file or
    /// writable path), not_found (no such program or working directory), unavailable (out of
    /// processes or descriptors).
    Result<CommandResult> run(const CommandSpec& spec) override;

    /// "" when `bwrap --unshare-net` works here; otherwise one line saying why not.
    [[nodiscard]] std::string isolation_unavailable() const override;

private:
    /// Finds bwrap and checks it can create a network namespace, once.
    void probe_isolation() const;

    mutable std::once_flag m_probe_once;
    mutable std::filesystem::path m_bwrap;       ///< Set once the probe succeeded.
    mutable std::string m_isolation_unavailable; ///< Why it did not.
};

} // namespace medic::process
