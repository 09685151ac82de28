// write_patched_copy gives a buildable copy of the repository with the patch in it, and
// nothing that does not belong to the source.

#include "generators/patch/patched_copy.hpp"
#include "tests/patch/patch_test_support.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::patch {
namespace {

namespace fs = std::filesystem;

AppliedPatch sample_patch() {
    return AppliedPatch{{{"src/cart.cpp", "patched\n"},
                         {"src/gone.cpp", std::nullopt},
                         {"tests/new_test.cpp", "TEST(A, B) {}\n"}}};
}

TEST(PatchedCopy, CopiesSourcesWithThePatchButNoGitOrBuildFolders) {
    test::TempDir repo;
    test::write_text(repo.path(), "src/cart.cpp", "original\n");
    test::write_text(repo.path(), "src/gone.cpp", "remove me\n");
    test::write_text(repo.path(), "src/builder/keep.cpp", "nested build-like names stay\n");
    test::write_text(repo.path(), "CMakeLists.txt", "project(shop)\n");
    test::write_text(repo.path(), "build/CMakeCache.txt", "cache\n");
    test::write_text(repo.path(), "build-asan/x.o", "object\n");
    test::run_git(repo.path(), "init -q");
    auto const before = test::snapshot(repo.path());
    test::TempDir scratch;
    auto const target = scratch.path() / "copy";

    auto written = write_patched_copy(repo.path(), sample_patch(), target);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(test::read_file(target / "src/cart.cpp"), "patched\n");
    EXPECT_EQ(test::read_file(target / "tests/new_test.cpp"), "TEST(A, B) {}\n");
    EXPECT_EQ(test::read_file(target / "CMakeLists.txt"), "project(shop)\n");
    EXPECT_TRUE(fs::exists(target / "src/builder/keep.cpp"));
    EXPECT_FALSE(fs::exists(target / "src/gone.cpp"));
    EXPECT_FALSE(fs::exists(target / ".git"));
    EXPECT_FALSE(fs::exists(target / "build"));
    EXPECT_FALSE(fs::exists(target / "build-asan"));
    EXPECT_EQ(test::snapshot(repo.path()), before);
}

TEST(PatchedCopy, ATargetInsideTheRepositoryIsNotCopiedIntoItself) {
    test::TempDir repo;
    test::write_text(repo.path(), "src/cart.cpp", "original\n");
    auto const target = repo.path() / "scratch/copy";
    auto written = write_patched_copy(repo.path(), sample_patch(), target);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(test::read_file(target / "src/cart.cpp"), "patched\n");
    EXPECT_FALSE(fs::exists(target / "scratch/copy")) << "the copy recursed into itself";
}

TEST(PatchedCopy, RefusesANonEmptyTarget) {
    test::TempDir repo;
    test::TempDir target;
    test::write_text(target.path(), "stale.txt", "left over\n");
    auto written = write_patched_copy(repo.path(), sample_patch(), target.path());
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, ErrorCode::invalid_input);
}

TEST(PatchedCopy, WriteFilesRefusesPathsOutsideTheFolder) {
    test::TempDir dir;
    auto written = write_files(AppliedPatch{{{"../escaped.txt", "x"}}}, dir.path() / "inner");
    ASSERT_FALSE(written);
    EXPECT_NE(written.error().message.find("'..' component"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir.path() / "escaped.txt"));
}

} // namespace
} // namespace medic::patch
