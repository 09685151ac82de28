#pragma once
// Exit codes every command shares (SPEC "Users and entry points").

namespace medic::cli {

inline constexpr int k_exit_ok = 0;       ///< Nothing to report.
inline constexpr int k_exit_findings = 1; ///< Anomalies or findings, or validation failed.
inline constexpr int k_exit_usage = 2;    ///< Bad arguments or setup; the message says what to fix.

} // namespace medic::cli
