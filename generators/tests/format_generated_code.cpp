#include "generators/tests/test_generator.hpp"

#include <algorithm>
#include <array>
#include <system_error>

namespace medic {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 2> k_clang_formats = {"clang-format-19", "clang-format"};
constexpr std::chrono::seconds k_format_timeout{60};

bool has_style(const fs::path& repo) {
    std::error_code ignored;
    return fs::is_regular_file(repo / ".clang-format", ignored) ||
           fs::is_regular_file(repo / "_clang-format", ignored);
}

bool is_cpp(std::string_view path) {
    const std::string extension = fs::path(path).extension().string();
    return extension == ".cpp" || extension == ".hpp" || extension == ".h" || extension == ".cc";
}

CommandSpec format_command(std::string_view binary, const GeneratedFile& file,
                           const fs::path& repo) {
    CommandSpec spec;
    spec.argv = {std::string(binary), "--style=file",
                 "--assume-filename=" + (repo / file.path).string()};
    spec.cwd = repo;
    spec.timeout = k_format_timeout;
    spec.stdin_text = file.content;
    spec.split_stderr = true; // warnings must not end up in the file
    // The runner keeps the last bytes of a longer output: make room for the whole file.
    spec.max_output_bytes = std::max<std::size_t>(spec.max_output_bytes, 4 * file.content.size());
    return spec;
}

// Runs the first clang-format this machine has; `binary` remembers which one it was.
Result<CommandResult> run_clang_format(const GeneratedFile& file, const fs::path& repo,
                                       ProcessRunner& runner, std::string& binary) {
    for (const std::string_view candidate : k_clang_formats) {
        if (!binary.empty() && binary != candidate)
            continue;
        auto result = runner.run(format_command(candidate, file, repo));
        if (result || result.error().code != ErrorCode::not_found) {
            binary = candidate;
            return result;
        }
    }
    return fail(ErrorCode::not_found,
                "the repository has a .clang-format but clang-format is not installed (tried "
                "clang-format-19 and clang-format); install one so generated code follows its "
                "style");
}

} // namespace

Result<void> format_generated_code(std::vector<GeneratedFile>& files, const fs::path& repo,
                                   ProcessRunner& runner) {
    if (!has_style(repo))
        return {};
    std::string binary;
    for (GeneratedFile& file : files) {
        if (!is_cpp(file.path))
            continue;
        auto result = run_clang_format(file, repo, runner, binary);
        if (!result)
            return fail(result.error().code,
                        "formatting " + file.path + ": " + result.error().message);
        if (!result->ok())
            return fail(result->timed_out ? ErrorCode::unavailable : ErrorCode::invalid_input,
                        binary + " failed on " + file.path +
                            (result->timed_out ? " (timed out)"
                                               : " (exit " + std::to_string(result->exit_code) +
                                                     "): " + result->error_output));
        file.content = std::move(result->output);
    }
    return {};
}

} // namespace medic
