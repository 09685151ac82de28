// compiler_cache_dirs: which compiler caches a sandboxed validation build may write to.

#include "bot/validate/step_runner.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <map>
#include <string>

namespace medic::validate {
namespace {

using Paths = std::vector<std::filesystem::path>;

/// An environment of just `variables`.
std::function<const char*(const char*)>
environment(const std::map<std::string, std::string>& variables) {
    return [variables](const char* name) -> const char* {
        auto const found = variables.find(name);
        return found == variables.end() ? nullptr : found->second.c_str();
    };
}

TEST(CompilerCacheDirs, CcacheDirAndSccacheDirAreTakenAsGiven) {
    EXPECT_EQ(compiler_cache_dirs(environment(
                  {{"CCACHE_DIR", "/var/cache/ccache"}, {"SCCACHE_DIR", "/var/cache/sccache"}})),
              (Paths{"/var/cache/ccache", "/var/cache/sccache"}));
}

TEST(CompilerCacheDirs, WithoutCcacheDirCcachesOwnDefaultsCountWhenTheyExist) {
    test::TempDir home;
    std::filesystem::create_directories(home.path() / ".cache" / "ccache");
    EXPECT_EQ(compiler_cache_dirs(environment({{"HOME", home.path().string()}})),
              (Paths{home.path() / ".cache" / "ccache"}));
    EXPECT_EQ(compiler_cache_dirs(environment({{"HOME", (home.path() / "nobody").string()}})),
              Paths{});
}

TEST(CompilerCacheDirs, ARelativeOrEmptyFolderIsIgnored) {
    EXPECT_EQ(compiler_cache_dirs(environment({{"CCACHE_DIR", "cache"}, {"SCCACHE_DIR", ""}})),
              Paths{});
}

} // namespace
} // namespace medic::validate
