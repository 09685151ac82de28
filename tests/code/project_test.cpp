// Where the compile database comes from when a repository has none: a CMake configure into
// Medic's cache — and, when cmake is not installed, an error that says so and what to do.

#include "analyzers/code/project.hpp"
#include "tests/support/scoped_environment.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::code {
namespace {

TEST(CompileDatabase, AGivenFolderWithTheDatabaseIsUsedAsItIs) {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "repo");
    std::filesystem::create_directories(dir.path() / "build");
    static_cast<void>(dir.write("build/compile_commands.json", "[]"));
    auto const found = find_or_make_compile_database(dir.path() / "repo", dir.path() / "build");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(*found, dir.path() / "build");
}

TEST(CompileDatabase, WithoutCMakeInstalledTheErrorSaysSo) {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "repo");
    static_cast<void>(dir.write("repo/CMakeLists.txt", "project(shop CXX)\n"));
    std::filesystem::create_directories(dir.path() / "empty-path");
    test::ScopedEnvironment cache("XDG_CACHE_HOME", (dir.path() / "cache").string());
    test::ScopedEnvironment path("PATH", (dir.path() / "empty-path").string());
    auto const made = find_or_make_compile_database(dir.path() / "repo", "");
    ASSERT_FALSE(made);
    EXPECT_NE(made.error().message.find("cmake is not installed"), std::string::npos)
        << made.error().message;
    EXPECT_NE(made.error().message.find("--build-dir"), std::string::npos);
}

} // namespace
} // namespace medic::code
