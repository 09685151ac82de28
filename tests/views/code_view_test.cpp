// The code views print what compilers print (file:line:col, the line, a caret) and flag only
// what is wrong: a finding under its handler with its fix-it, a sequence whose declared order
// differs from telemetry's.

#include "bot/views/code_view.hpp"
#include "bot/views/sarif.hpp"
#include "bot/views/source_view.hpp"
#include "tests/support/temp_dir.hpp"

#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace medic::views {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// A terminal that never colours (tests run without one, and colour is turned off too).
Terminal plain() {
    return Terminal(stdout, stderr, /*allow_color=*/false);
}

class CodeViewTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::filesystem::create_directories(m_repo.path() / "src");
        std::ofstream(m_repo.path() / "src/search.cpp") << "void f() {\n"
                                                           "\tstd::regex r(q);\n"
                                                           "}\n";
    }

    [[nodiscard]] static SourceRange at(unsigned line, unsigned column) {
        return {"src/search.cpp", line, column, line, column + 5};
    }

    test::TempDir m_repo;
};

TEST_F(CodeViewTest, APlaceShowsTheLineAndACaretUnderTheColumnKeepingTabs) {
    auto const text = render_place(m_repo.path(), at(2, 6), "here", plain());
    EXPECT_THAT(text, HasSubstr("src/search.cpp:2:6: here\n"));
    EXPECT_THAT(text, HasSubstr(" 2 | \tstd::regex r(q);\n"));
    EXPECT_THAT(text, HasSubstr("   | \t    ^\n")); // the tab kept, then four spaces
}

TEST_F(CodeViewTest, APlaceOutsideTheFileIsOnlyItsHeading) {
    auto const text = render_place(m_repo.path(), at(40, 1), "gone", plain());
    EXPECT_EQ(text, (m_repo.path() / "src/search.cpp").string() + ":40:1: gone\n");
}

TEST_F(CodeViewTest, FindingsStandUnderTheirHandlerWithTheFixIt) {
    CodeSite searched{"shop::search", "shop::search", at(1, 6), {}, {}, {}, {}};
    CodeSite clean{"shop::cart", "shop::cart", at(1, 6), {}, {}, {}, {}};
    Finding finding{"perf-regex-in-loop",
                    "shop::search",
                    "shop::tokenize",
                    at(2, 6),
                    "std::regex built per call",
                    true,
                    1.0,
                    {},
                    ""};
    finding.fixes.push_back({"src/search.cpp", 12, 0, 2, 2, "static const \n"});
    auto const text = render_findings(m_repo.path(), {searched, clean}, {finding}, plain());
    EXPECT_THAT(text, HasSubstr("warning: std::regex built per call (in shop::tokenize) "
                                "[perf-regex-in-loop]"));
    EXPECT_THAT(text, HasSubstr("fix-it: src/search.cpp:2:2 \"static const \\n\""));
    auto const cart = text.find("shop::cart");
    ASSERT_NE(cart, std::string::npos);
    EXPECT_THAT(text.substr(cart), HasSubstr("no findings"));
    EXPECT_THAT(text.substr(0, cart), Not(HasSubstr("no findings")));
}

TEST_F(CodeViewTest, AFindingWithoutAFixItSaysHowToFixIt) {
    CodeSite site{"shop::search", "shop::search", at(1, 6), {}, {}, {}, {}};
    Finding finding{"perf-x",
                    "shop::search",
                    "shop::search",
                    at(2, 6),
                    "slow",
                    false,
                    0,
                    {},
                    "hoist it out of the loop"};
    auto const text = render_findings(m_repo.path(), {site}, {finding}, plain());
    EXPECT_THAT(text, HasSubstr("how to fix: hoist it out of the loop"));
    EXPECT_THAT(text, Not(HasSubstr("(in ")));
}

TEST_F(CodeViewTest, ASequenceIsFlaggedOnlyWhenTelemetrysOrderDiffers) {
    SequenceSite site{"checkout", "initializer list", at(1, 1), {}};
    site.elements = {{"shop::pay", "pay", at(2, 2), {}},
                     {"shop::reserve", "reserve", at(2, 9), {}}};
    auto const wrong =
        render_sequence(m_repo.path(), site, {"shop::reserve", "shop::pay"}, plain());
    EXPECT_THAT(wrong, HasSubstr("[order-sequence-mismatch]"));
    EXPECT_THAT(wrong, HasSubstr("expected: shop::reserve → shop::pay"));
    auto const right =
        render_sequence(m_repo.path(), site, {"shop::pay", "shop::reserve"}, plain());
    EXPECT_THAT(right, Not(HasSubstr("mismatch")));
    EXPECT_THAT(render_sequence(m_repo.path(), site, {}, plain()), Not(HasSubstr("warning")));
}

TEST_F(CodeViewTest, ALocatedSiteListsRegistrationsCalleesAndTests) {
    CodeSite site{"GET /search", "shop::search", at(1, 6), {}, {}, {}, {}};
    site.registrations.push_back({"/search", "Get", at(2, 2)});
    site.callees.push_back({"shop::tokenize", at(2, 2), 1});
    auto const untested = render_site(m_repo.path(), site, plain());
    EXPECT_THAT(untested, HasSubstr("registered as \"/search\" by Get"));
    EXPECT_THAT(untested, HasSubstr("  calls:\n    shop::tokenize  src/search.cpp:2\n"));
    EXPECT_THAT(untested, HasSubstr("no test calls it"));
    site.test_files = {"tests/search_test.cpp", "tests/api_test.cpp"};
    EXPECT_THAT(render_site(m_repo.path(), site, plain()),
                HasSubstr("tested by: tests/search_test.cpp, tests/api_test.cpp"));
}

TEST(SarifTest, OneRulePerCheckAndOneResultWithItsFixPerFinding) {
    Finding finding{"perf-regex-in-loop",
                    "shop::search",
                    "shop::search",
                    {"src/search.cpp", 2, 6, 2, 20},
                    "std::regex built per call",
                    true,
                    1.0,
                    {},
                    ""};
    finding.fixes.push_back({"src/search.cpp", 12, 0, 2, 2, "static const "});
    auto const log = to_sarif({finding}, {{"perf-regex-in-loop", "regex per call", "docs/x.md"},
                                          {"perf-endl-in-loop", "endl per line", "docs/y.md"}});
    EXPECT_EQ(log["version"], "2.1.0");
    auto const& run = log["runs"][0];
    EXPECT_EQ(run["tool"]["driver"]["rules"].size(), 2u);
    ASSERT_EQ(run["results"].size(), 1u);
    auto const& result = run["results"][0];
    EXPECT_EQ(result["ruleId"], "perf-regex-in-loop");
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
    EXPECT_EQ(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "static const ");
}

} // namespace
} // namespace medic::views
