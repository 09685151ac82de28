// `medic doctor`'s local checks on real folders: a git checkout with a CMake project is healthy
// (the compile database is made on the first analysis, the templates are found); a folder that
// is no checkout, has no compile database, no validation commands or no templates gets a problem
// each, with the fix that makes it healthy.

#include "bot/doctor/doctor.hpp"
#include "bot/doctor/doctor_checks.hpp"
#include "tests/patch/patch_test_support.hpp"
#include "tests/support/scoped_environment.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::doctor {
namespace {

const DoctorFinding* finding(const DoctorReport& report, std::string_view name) {
    for (auto const& found : report.findings())
        if (found.name == name)
            return &found;
    return nullptr;
}

class DoctorChecksTest : public ::testing::Test {
protected:
    DoctorChecksTest() {
        std::filesystem::create_directories(repo);
        test::write_text(repo, "CMakeLists.txt", "project(shop CXX)\n");
        test::run_git(repo, "init -q -b main");
        test::run_git(repo, "add -A");
        test::run_git(repo, "commit -q -m start");
    }

    test::TempDir dir;
    std::filesystem::path repo = dir.path() / "shop";
};

TEST_F(DoctorChecksTest, ACheckoutWithACMakeProjectIsHealthy) {
    DoctorReport report;
    check_local_setup(MedicConfig{}, repo, "", report);
    EXPECT_TRUE(report.healthy());
    for (auto const* name :
         {"git repository", "compile database", "validation commands", "Medic's templates"}) {
        auto const* found = finding(report, name);
        ASSERT_NE(found, nullptr) << name;
        EXPECT_EQ(found->level, DoctorFinding::Level::ok) << name << ": " << found->detail;
    }
    EXPECT_NE(finding(report, "compile database")->detail.find("first analysis"),
              std::string::npos);
}

TEST_F(DoctorChecksTest, AGivenBuildFolderWithItsDatabaseIsNamed) {
    auto const build = dir.path() / "build";
    test::write_text(build, "compile_commands.json", "[]");
    DoctorReport report;
    check_local_setup(MedicConfig{}, repo, build.string(), report);
    EXPECT_EQ(finding(report, "compile database")->detail,
              (build / "compile_commands.json").string());
}

TEST_F(DoctorChecksTest, EachMissingPieceIsAProblemWithItsFix) {
    auto const bare = dir.path() / "not-a-checkout";
    std::filesystem::create_directories(bare);
    auto const empty_templates = dir.path() / "no-templates";
    std::filesystem::create_directories(empty_templates);
    test::ScopedEnvironment templates("MEDIC_TEMPLATES", empty_templates.string());
    MedicConfig config;
    config.validate.build.clear();
    DoctorReport report;
    check_local_setup(config, bare, "", report);
    EXPECT_FALSE(report.healthy());
    for (auto const* name :
         {"git repository", "compile database", "validation commands", "Medic's templates"}) {
        auto const* found = finding(report, name);
        ASSERT_NE(found, nullptr) << name;
        EXPECT_EQ(found->level, DoctorFinding::Level::problem) << name;
        EXPECT_FALSE(found->fix.empty()) << name;
    }
    EXPECT_NE(finding(report, "Medic's templates")->fix.find("MEDIC_TEMPLATES"), std::string::npos);
}

// The whole examination: a configuration that could not be read is the one finding; offline
// and without the code, the local checks run and GitHub is said to be unused.
TEST_F(DoctorChecksTest, TheExaminationStopsAtABadConfigurationAndSkipsWhatItIsToldTo) {
    http::CurlGlobal const curl;
    DoctorRequest request{repo};
    auto const unread = examine(
        request, Result<MedicConfig>(fail(ErrorCode::invalid_input, "medic.yml: line 3: bad")),
        curl);
    ASSERT_EQ(unread.findings().size(), 1u);
    EXPECT_EQ(unread.findings()[0].name, "configuration");
    EXPECT_FALSE(unread.healthy());

    request.skip_code = true;
    request.offline = true;
    MedicConfig config;
    config.warnings = {"unknown key 'foo'"};
    auto const report = examine(request, config, curl);
    EXPECT_TRUE(report.healthy());
    EXPECT_NE(finding(report, "configuration")->detail.find("1 warning(s): unknown key 'foo'"),
              std::string::npos);
    ASSERT_NE(finding(report, "git repository"), nullptr);
    EXPECT_EQ(finding(report, "GitHub")->detail, "not used (publish.mode: local)");
    config.publish.mode = PublishMode::github;
    EXPECT_EQ(finding(examine(request, config, curl), "GitHub")->detail, "not checked (--offline)");
}

} // namespace
} // namespace medic::doctor
