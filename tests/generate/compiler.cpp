#include "tests/generate/compiler.hpp"

#include "bot/process/posix_process_runner.hpp"

namespace medic::test {

Ran run(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
    process::PosixProcessRunner runner;
    CommandSpec spec;
    spec.argv = argv;
    spec.cwd = cwd;
    spec.timeout = std::chrono::minutes(2);
    auto result = runner.run(spec);
    if (!result)
        return {-1, result.error().message};
    return {result->ok() ? 0 : (result->exit_code == 0 ? -1 : result->exit_code), result->output};
}

std::string cxx() {
    return MEDIC_TEST_CXX;
}

} // namespace medic::test
