#pragma once
// Compiling generated code with the real compiler in tests: the strongest check that recorded
// telemetry stays data.

#include <filesystem>
#include <string>
#include <vector>

namespace medic::test {

/// How a command ended: exit code 0 is success; `output` holds stdout and stderr.
struct Ran {
    int exit_code = -1;
    std::string output;
};

/// Runs `argv` in `cwd` (the real PosixProcessRunner).
Ran run(const std::vector<std::string>& argv, const std::filesystem::path& cwd);

/// The C++ compiler that builds Medic (CMAKE_CXX_COMPILER).
std::string cxx();

} // namespace medic::test
