// The text pre-filter that decides which units are worth parsing (analyzers/code/prefilter.cpp):
// the tokens a reference must spell, the project headers a unit reaches, whole-word matching.

#include "analyzers/code/prefilter.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::code {
namespace {

TEST(Prefilter, AMemberNeedsItsClassAndItsName) {
    EXPECT_EQ(required_tokens("shop::Search::handle"),
              (std::vector<std::string>{"Search", "handle"}));
    EXPECT_EQ(required_tokens("shop::detail::handle"), std::vector<std::string>{"handle"});
    EXPECT_EQ(required_tokens("run"), std::vector<std::string>{"run"});
    EXPECT_EQ(required_tokens("Box<int>::get<long>"), (std::vector<std::string>{"Box", "get"}));
}

TEST(Prefilter, MatchesWholeWordsOnly) {
    std::vector<std::vector<std::string>> const sets{{"Search", "handle"}, {"reserve"}};
    EXPECT_TRUE(mentions("Search s; s.handle(r);", sets));
    EXPECT_FALSE(mentions("Search s; s.handler(r);", sets));
    EXPECT_TRUE(mentions("stock.reserve(1)", sets));
    EXPECT_FALSE(mentions("stock.reserved", sets));
    EXPECT_FALSE(mentions("", sets));
    EXPECT_FALSE(mentions("anything", {}));
}

TEST(Prefilter, FollowsProjectIncludesOnceAndSkipsSystemOnes) {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "src");
    std::filesystem::create_directories(dir.path() / "include/api");
    auto const unit = dir.write("src/orders.cpp", "#include \"orders.hpp\"\n"
                                                  "#include <vector>\n"
                                                  "  #  include \"api/routes.hpp\"\n"
                                                  "#include \"missing.hpp\"\n");
    static_cast<void>(dir.write("src/orders.hpp", "#include \"api/routes.hpp\"\nint orders;\n"));
    static_cast<void>(dir.write("include/api/routes.hpp", "#include \"../../src/orders.hpp\"\n"));
    std::map<std::filesystem::path, std::string> texts;
    auto const files = project_files(unit, {dir.path() / "include"}, texts);
    std::vector<std::string> names;
    for (auto const& file : files)
        names.push_back(file.path.filename().string());
    EXPECT_EQ(names, (std::vector<std::string>{"orders.cpp", "orders.hpp", "routes.hpp"}));
    ASSERT_NE(files[1].text, nullptr);
    EXPECT_NE(files[1].text->find("int orders;"), std::string::npos);
    auto const again = project_files(unit, {dir.path() / "include"}, texts);
    EXPECT_EQ(again[1].text, files[1].text); // read once, shared between units
}

} // namespace
} // namespace medic::code
