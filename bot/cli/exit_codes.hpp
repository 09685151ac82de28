#pragma once
// Exit codes every command shares (SPEC "Users and entry points"), and how a command says why
// it stops.

#include <iostream>
#include <string_view>

namespace medic::cli {

inline constexpr int k_exit_ok = 0;       ///< Nothing to report.
inline constexpr int k_exit_findings = 1; ///< Anomalies or findings, or validation failed.
inline constexpr int k_exit_usage = 2;    ///< Bad arguments or setup; the message says what to fix.
/// Some handler could not be found in the code (medic locate, medic analyze): nothing about it
/// was checked, which is neither "no findings" nor "findings".
inline constexpr int k_exit_not_located = 3;

/// Says "medic <command>: <message>" on stderr; returns `exit_code` (a usage or setup error).
inline int stop_with(std::string_view command, std::string_view message,
                     int exit_code = k_exit_usage) {
    std::cerr << "medic " << command << ": " << message << "\n";
    return exit_code;
}

} // namespace medic::cli
