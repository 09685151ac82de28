// check_paths keeps a patch inside the repository and inside the allowed files.

#include "bot/git/parsed_diff.hpp"
#include "generators/patch/path_policy.hpp"

#include <gtest/gtest.h>

namespace medic::patch {
namespace {

using git::FileChange;
using git::FileStatus;
using git::ParsedDiff;

ParsedDiff touching(std::string old_path, std::string new_path,
                    FileStatus status = FileStatus::modified) {
    return ParsedDiff{{FileChange{std::move(old_path), std::move(new_path), status}}, 1, 1};
}

ParsedDiff modifying(std::string const& path) {
    return touching(path, path);
}

std::vector<std::string> const k_cart_only = {"src/cart.cpp"};

void expect_refused(const ParsedDiff& diff, const std::vector<std::string>& allowed,
                    std::string_view reason) {
    auto checked = check_paths(diff, allowed);
    ASSERT_FALSE(checked) << "accepted " << diff.files.at(0).new_path;
    EXPECT_EQ(checked.error().code, ErrorCode::invalid_input);
    EXPECT_NE(checked.error().message.find(reason), std::string::npos) << checked.error().message;
}

TEST(CheckPaths, AcceptsAllowedFilesAndFilesUnderAllowedFolders) {
    EXPECT_TRUE(check_paths(modifying("src/cart.cpp"), k_cart_only));
    EXPECT_TRUE(check_paths(modifying("tests/cart/cart_test.cpp"), {"src/cart.cpp", "tests/"}));
    EXPECT_TRUE(check_paths(touching("src/a.cpp", "src/b.cpp", FileStatus::renamed), {"src/"}));
}

TEST(CheckPaths, RefusesPathsEscapingTheRepository) {
    std::vector<std::string> const everything = {"src/", "../", "/etc/", ".git/", "x"};
    expect_refused(modifying("../x"), everything, "'../x' has a '..' component");
    expect_refused(modifying("src/../../x"), everything, "'..' component");
    expect_refused(modifying("/etc/passwd"), everything, "'/etc/passwd' is absolute");
    expect_refused(modifying(".git/config"), everything, "'.git/config' is inside .git");
    expect_refused(modifying("src/.GIT/hooks/pre-commit"), everything, "inside .git");
    expect_refused(modifying("src\\..\\..\\x"), everything, "backslash");
    expect_refused(modifying(std::string("src/a\0b", 7)), everything, "control character");
    expect_refused(modifying("src//cart.cpp"), everything, "empty component");
    expect_refused(modifying("./src/cart.cpp"), everything, "'.' component");
    expect_refused(modifying("C:/x"), everything, "drive letter");
}

TEST(CheckPaths, RefusesFilesOutsideTheAllowedSet) {
    expect_refused(modifying("src/other.cpp"), k_cart_only, "'src/other.cpp' is outside");
    expect_refused(modifying("src/cart.cpp.orig"), k_cart_only, "outside");
    expect_refused(modifying("srcx/a.cpp"), {"src/"}, "outside");
    expect_refused(modifying("src"), {"src/"}, "outside");
    expect_refused(modifying("src/cart.cpp"), {}, "Allowed: (nothing)");
}

TEST(CheckPaths, ChecksBothPathsOfARenameOrDeletion) {
    expect_refused(touching("src/cart.cpp", "src/evil.cpp", FileStatus::renamed), k_cart_only,
                   "'src/evil.cpp' is outside");
    expect_refused(touching("src/other.cpp", "src/cart.cpp", FileStatus::renamed), k_cart_only,
                   "'src/other.cpp' is outside");
    expect_refused(touching("src/other.cpp", "src/other.cpp", FileStatus::deleted), k_cart_only,
                   "'src/other.cpp' is outside");
}

TEST(CheckPaths, ListsEveryOffenderAndTheAllowedSet) {
    ParsedDiff diff = modifying("src/cart.cpp");
    diff.files.push_back({"src/other.cpp", "src/other.cpp", FileStatus::modified});
    diff.files.push_back({"../up.txt", "../up.txt", FileStatus::added});
    auto checked = check_paths(diff, {"src/cart.cpp", "tests/"});
    ASSERT_FALSE(checked);
    auto const& message = checked.error().message;
    EXPECT_NE(message.find("'src/other.cpp' is outside"), std::string::npos) << message;
    EXPECT_NE(message.find("'../up.txt' has a '..' component"), std::string::npos) << message;
    EXPECT_EQ(message.find("'src/cart.cpp' is"), std::string::npos) << message;
    EXPECT_NE(message.find("Allowed: 'src/cart.cpp', 'tests/'"), std::string::npos) << message;
}

} // namespace
} // namespace medic::patch
