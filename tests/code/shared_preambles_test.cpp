// The shared preambles (one PCH of the system headers per group of units with the same flags):
// which units share one, which headers go in it, and that analysis through it finds what a
// plain parse finds — also when a unit defines a macro that changes a system header, where the
// unit is parsed again without the PCH.

#include "analyzers/code/shared_preambles.hpp"
#include "bot/model/machine_name.hpp"
#include "tests/code/project.hpp"

#include <gtest/gtest.h>

namespace medic::code {
namespace {

TEST(SharedPreambles, UnitsOfOneTargetShareTheirFlags) {
    auto const a =
        flags_key("/build", "/src/a.cpp",
                  {"g++", "-std=c++20", "-I/src/include", "-o", "a.o", "-c", "/src/a.cpp"});
    auto const b = flags_key("/build", "../src/b.cpp",
                             {"g++", "-std=c++20", "-I/src/include", "-MD", "-MF", "b.d", "-o",
                              "b.o", "-c", "../src/b.cpp"});
    auto const other =
        flags_key("/build", "/src/c.cpp",
                  {"g++", "-std=c++20", "-DTESTING", "-I/src/include", "-c", "/src/c.cpp"});
    EXPECT_EQ(a, b);
    EXPECT_NE(a, other);
    EXPECT_EQ(a.find("a.cpp"), std::string::npos);
    EXPECT_NE(a, flags_key("/elsewhere", "/src/a.cpp",
                           {"g++", "-std=c++20", "-I/src/include", "-c", "/src/a.cpp"}));
}

TEST(SharedPreambles, TheSystemHeadersAreTheAngleIncludesThatAreNotTheProjects) {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "include" / "shop");
    (void)dir.write("include/shop/cart.hpp", "");
    std::string const unit = "#include <vector>\n  #  include <string>\n#include \"local.hpp\"\n"
                             "// #include <commented_out>\n#include <shop/cart.hpp>\n"
                             "#include <google/protobuf/port_def.inc>\n";
    std::string const header = "#pragma once\n#include <string>\n#include <map>\n";
    EXPECT_EQ(system_includes({&unit, &header}, {dir.path() / "include"}),
              (std::vector<std::string>{"vector", "string", "map"}));
}

TEST(SharedPreambles, AUnitThatDefinesAMacroBeforeASystemIncludeConfiguresIt) {
    EXPECT_TRUE(
        configures_system_headers("#define SPDLOG_ACTIVE_LEVEL 0\n#include <spdlog/spdlog.h>\n"));
    EXPECT_TRUE(
        configures_system_headers("#include <vector>\n#  undef NDEBUG\n#include <cassert>\n"));
    EXPECT_FALSE(configures_system_headers("#ifndef SHOP_CART_HPP\n#define SHOP_CART_HPP\n"
                                           "#include <vector>\n#endif\n"));
    EXPECT_FALSE(configures_system_headers("#include <vector>\n#define LIMIT 10\n"));
    EXPECT_FALSE(configures_system_headers("#define LIMIT 10\n#include \"shop/cart.hpp\"\n"));
    // protobuf's generated headers: port_def.inc and port_undef.inc are macros, not headers.
    EXPECT_FALSE(configures_system_headers(
        "#include <google/protobuf/port_def.inc>\n#define PROTOBUF_INTERNAL_EXPORT_x\n"
        "#include <google/protobuf/port_undef.inc>\n"));
}

/// The run's PCH files under Medic's cache (the test project's).
std::vector<std::filesystem::path> pch_files(const test::Project& project) {
    std::vector<std::filesystem::path> found;
    auto const folder = project.root() / "cache" / "medic" / "pch";
    if (std::filesystem::exists(folder))
        for (auto const& entry : std::filesystem::recursive_directory_iterator(folder))
            if (entry.path().extension() == ".pch")
                found.push_back(entry.path());
    return found;
}

// The analysis of two units with the same flags builds one PCH of their system headers, keeps
// it while its options live (every pass of a run uses it), and removes it afterwards.
TEST(SharedPreambles, AGroupOfUnitsSharesOnePchForTheRun) {
    test::Project project;
    // What a run killed on this machine left behind goes when the next run starts.
    auto const abandoned = project.root() / "cache" / "medic" / "pch" /
                           ("run-" + machine_name() + ":999999999-abcdef");
    std::filesystem::create_directories(abandoned);
    project.add("src/a.cpp", "#include <vector>\nnamespace shop { int a() { "
                             "return std::vector<int>{1}.front(); } }\n");
    project.add("src/b.cpp", "#include <string>\nnamespace shop { int b() { "
                             "return static_cast<int>(std::string(\"b\").size()); } }\n");
    project.add("src/c.cpp", "#include <map>\nnamespace shop { int c() { "
                             "return static_cast<int>(std::map<int, int>{{1, 2}}.size()); } }\n");
    project.write_database();
    {
        ProjectOptions options{project.root(), {}, 2, {}};
        auto const result =
            analyze_handlers(options, std::vector<std::string>{"shop::a", "shop::b", "shop::c"});
        ASSERT_TRUE(result) << result.error().message;
        EXPECT_EQ(result->sites.size(), 3u);
        EXPECT_TRUE(result->report.problems.empty());
        auto const files = pch_files(project);
        ASSERT_EQ(files.size(), 1u);
        EXPECT_GT(std::filesystem::file_size(files[0]), 100'000u); // <vector> and <string>
    }
    EXPECT_TRUE(pch_files(project).empty());
    EXPECT_FALSE(std::filesystem::exists(abandoned));
}

// Flags that force an include would put it in the PCH, its bodies skipped and its declarations
// out of the passes' sight: such a group gets no PCH.
TEST(SharedPreambles, AGroupWhoseFlagsForceAnIncludeGetsNone) {
    test::Project project;
    project.add("include/prelude.hpp", "namespace shop { inline int prelude() { return 1; } }\n");
    project.add_flags(" -include " + (project.root() / "include/prelude.hpp").string());
    project.add("src/a.cpp", "#include <vector>\nnamespace shop { int a() { "
                             "return std::vector<int>{prelude()}.front(); } }\n");
    project.add("src/b.cpp",
                "#include <vector>\nnamespace shop { int b() { return prelude(); } }\n");
    // Three units to parse: enough for a PCH but for the forced include.
    project.add("src/c.cpp",
                "#include <map>\nnamespace shop { int c() { return prelude() + 2; } }\n");
    project.write_database();
    ProjectOptions options{project.root(), {}, 2, {}};
    auto const result = analyze_handlers(
        options, std::vector<std::string>{"shop::a", "shop::b", "shop::c", "shop::prelude"});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->not_found.empty()) << "the forced include's function is still found";
    EXPECT_TRUE(pch_files(project).empty());
}

constexpr auto k_config_header = R"(#pragma once
#ifdef SHOP_WANTS_EXTRA
struct Extra { int value; };
#endif
inline int configured() { return 1; }
)";

// Three units share flags, so they share a PCH of <config.h>. One defines the macro that
// changes it before including it: it is parsed without the PCH from the start. Another gets
// the macro from a project header: its parse with the PCH fails, it is parsed again without,
// and the group stops using the PCH. Both find what a plain parse finds.
TEST(SharedPreambles, AUnitThatNeedsTheHeaderOtherwiseIsParsedWithoutIt) {
    test::Project project;
    project.add_flags(" -isystem " + (project.root() / "system").string());
    std::filesystem::create_directories(project.root() / "system");
    std::filesystem::create_directories(project.root() / "include" / "shop");
    project.add("system/config.h", k_config_header);
    project.add("include/shop/wants_extra.hpp", "#pragma once\n#define SHOP_WANTS_EXTRA\n");
    constexpr auto k_body = "std::vector<int> v{e.value}; return v.front() + configured(); } }\n";
    project.add("src/extra.cpp", std::string("#define SHOP_WANTS_EXTRA\n#include <config.h>\n"
                                             "#include <vector>\nnamespace shop { int extra() { "
                                             "Extra e{2}; ") +
                                     k_body);
    project.add("src/configured.cpp",
                std::string("#include \"shop/wants_extra.hpp\"\n#include <config.h>\n"
                            "#include <vector>\nnamespace shop { int configured_extra() { "
                            "Extra e{3}; ") +
                    k_body);
    project.add("src/plain.cpp", "#include <config.h>\n#include <vector>\n"
                                 "namespace shop { int plain() { std::vector<int> v{1}; "
                                 "return v.front() + configured(); } }\n");
    auto const result = project.analyze(
        std::vector<std::string>{"shop::extra", "shop::configured_extra", "shop::plain"});
    EXPECT_TRUE(result.not_found.empty());
    EXPECT_TRUE(result.report.problems.empty()) << result.report.problems.front();
    EXPECT_TRUE(result.check_problems.empty()) << result.check_problems.front();
    ASSERT_EQ(result.sites.size(), 3u);
    EXPECT_EQ(result.sites[0].definition.file, "src/extra.cpp");
    EXPECT_EQ(result.sites[1].definition.file, "src/configured.cpp");
    EXPECT_EQ(result.sites[2].definition.file, "src/plain.cpp");
}

} // namespace
} // namespace medic::code
