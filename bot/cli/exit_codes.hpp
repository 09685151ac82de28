#pragma once
// Exit codes every command shares (SPEC "Users and entry points").

namespace medic::cli {

inline constexpr int k_exit_ok = 0;       ///< Nothing to report.
inline constexpr int k_exit_findings = 1; ///< Anomalies or findings, or validation failed.
inline constexpr int k_exit_usage = 2;    ///< Bad arguments or setup; the message says what to fix.
/// Some handler could not be found in the code (medic locate, medic analyze): nothing about it
/// was checked, which is neither "no findings" nor "findings".
inline constexpr int k_exit_not_located = 3;

} // namespace medic::cli
