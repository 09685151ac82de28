// format_generated_code: the repository's .clang-format applied with the real clang-format, and
// the fallback from clang-format-19 to clang-format.

#include "bot/process/posix_process_runner.hpp"
#include "generators/tests/test_generator.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

const std::string k_code = "int answer(int x) {\n  int y = x * 2;\n  return y;\n}\n";

std::vector<GeneratedFile> generated() {
    return {{"tests/medic/CMakeLists.txt", "add_executable(x  y)\n"},
            {"tests/medic/answer_test.cpp", k_code}};
}

TEST(FormatGeneratedCode, FollowsTheRepositorysClangFormat) {
    test::TempDir repo;
    (void)repo.write(".clang-format", "BasedOnStyle: LLVM\nIndentWidth: 8\n");
    std::vector<GeneratedFile> files = generated();
    process::PosixProcessRunner runner;
    const auto formatted = format_generated_code(files, repo.path(), runner);
    ASSERT_TRUE(formatted.has_value()) << formatted.error().message;
    EXPECT_EQ(files[1].content,
              "int answer(int x) {\n        int y = x * 2;\n        return y;\n}\n");
    EXPECT_EQ(files[0].content, "add_executable(x  y)\n"); // not C++: untouched
}

TEST(FormatGeneratedCode, WithoutAClangFormatNothingChanges) {
    test::TempDir repo;
    std::vector<GeneratedFile> files = generated();
    process::PosixProcessRunner runner;
    ASSERT_TRUE(format_generated_code(files, repo.path(), runner).has_value());
    EXPECT_EQ(files[1].content, k_code);
}

// Says clang-format-19 is missing and answers for clang-format, recording what it was asked.
class OnlyPlainClangFormat final : public ProcessRunner {
public:
    Result<CommandResult> run(const CommandSpec& spec) override {
        programs.push_back(spec.argv.at(0));
        if (spec.argv[0] == "clang-format-19")
            return fail(ErrorCode::not_found, "cannot run 'clang-format-19': not found");
        arguments = spec.argv;
        CommandResult result;
        result.exit_code = 0;
        result.output = "// formatted\n" + spec.stdin_text;
        return result;
    }
    [[nodiscard]] std::string isolation_unavailable() const override { return {}; }

    std::vector<std::string> programs;
    std::vector<std::string> arguments;
};

TEST(FormatGeneratedCode, FallsBackToPlainClangFormat) {
    test::TempDir repo;
    (void)repo.write("_clang-format", "BasedOnStyle: LLVM\n");
    std::vector<GeneratedFile> files = generated();
    files.push_back({"tests/medic/answer_bench.cpp", k_code});
    OnlyPlainClangFormat runner;
    ASSERT_TRUE(format_generated_code(files, repo.path(), runner).has_value());
    EXPECT_EQ(files[1].content, "// formatted\n" + k_code);
    EXPECT_EQ(files[2].content, "// formatted\n" + k_code);
    // Found once, then used directly.
    EXPECT_EQ(runner.programs,
              (std::vector<std::string>{"clang-format-19", "clang-format", "clang-format"}));
    EXPECT_EQ(runner.arguments.at(1), "--style=file");
    EXPECT_EQ(runner.arguments.at(2),
              "--assume-filename=" + (repo.path() / "tests/medic/answer_bench.cpp").string());
}

TEST(FormatGeneratedCode, ABrokenStyleIsAnErrorNamingTheFile) {
    test::TempDir repo;
    (void)repo.write(".clang-format", "BasedOnStyle: NoSuchStyle\n");
    std::vector<GeneratedFile> files = generated();
    process::PosixProcessRunner runner;
    const auto formatted = format_generated_code(files, repo.path(), runner);
    ASSERT_FALSE(formatted.has_value());
    EXPECT_NE(formatted.error().message.find("tests/medic/answer_test.cpp"), std::string::npos)
        << formatted.error().message;
}

} // namespace
} // namespace medic
