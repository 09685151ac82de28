// Analysis that does not depend on where a checkout is: unit hashes, configure keys and compile
// database templates are the same for two clones of one commit, and differ when the code does.

#include "analyzers/code/database_template.hpp"
#include "analyzers/code/locate.hpp"
#include "analyzers/code/project.hpp"
#include "tests/code/project.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace medic::code {
namespace {

constexpr auto k_handler = "#include \"shop/cart.hpp\"\nint cart() { return 1; }\n";

void fill(test::Project& project) {
    project.add("include/shop/cart.hpp", "int cart();\n");
    project.add("src/cart.cpp", k_handler);
    project.add("src/other.cpp", "int other() { return 2; }\n");
}

/// How `medic locate` of `cart` went in `project`, with Medic's cache in `cache`.
ParseReport locate_cart(test::Project& project, const std::filesystem::path& cache) {
    project.write_database();
    ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
    auto located = locate_handlers({project.root(), {}, 1, {}}, {"cart"});
    EXPECT_TRUE(located) << (located ? "" : located.error().message);
    EXPECT_EQ(located->sites.size(), 1U);
    return located ? located->report : ParseReport{};
}

TEST(PortableAnalysis, AFreshCloneIsAnsweredFromTheCacheAnotherCloneFilled) {
    test::Project first;
    test::Project second;
    fill(first);
    fill(second);
    test::TempDir cache;
    auto const cold = locate_cart(first, cache.path());
    EXPECT_EQ(cold.units_cached, 0U);
    EXPECT_GT(cold.units_parsed, 0U);
    auto const clone = locate_cart(second, cache.path());
    EXPECT_EQ(clone.units_parsed, cold.units_parsed);
    EXPECT_EQ(clone.units_cached, clone.units_parsed) << "the clone parsed again";
}

TEST(PortableAnalysis, AChangedHeaderIsParsedAgainInTheCloneThatChangedIt) {
    test::Project first;
    test::Project second;
    fill(first);
    fill(second);
    second.add("include/shop/cart.hpp", "int cart(); // changed\n");
    test::TempDir cache;
    static_cast<void>(locate_cart(first, cache.path()));
    auto const changed = locate_cart(second, cache.path());
    EXPECT_LT(changed.units_cached, changed.units_parsed);
}

TEST(DatabaseTemplate, TheConfigureKeyFollowsContentNotLocation) {
    test::Project first;
    test::Project second;
    fill(first);
    fill(second);
    EXPECT_EQ(configure_key(first.root()), configure_key(second.root()));
    second.add("src/new.cpp", "int fresh() { return 3; }\n"); // a globbed source appears
    EXPECT_NE(configure_key(first.root()), configure_key(second.root()));
}

TEST(DatabaseTemplate, AFreshCloneGetsTheDatabaseAndGeneratedSourcesForItsOwnPaths) {
    test::Project first; // also points Medic's cache folder into the test's directory
    fill(first);
    test::TempDir builds;
    auto const original = builds.path() / "build-a";
    std::filesystem::create_directories(original / "generated");
    std::ofstream(original / "generated" / "index.inc") << "{\"cart\", 1},\n";
    std::ofstream(original / "compile_commands.json")
        << R"([{"directory": ")" << original.string() << R"(", "file": ")"
        << (first.root() / "src/cart.cpp").string() << R"(", "command": "c++ -I)"
        << (original / "generated").string() << " -c " << (first.root() / "src/cart.cpp").string()
        << R"("}])";
    auto const key = configure_key(first.root());
    store_database_template(first.root(), original, {"generated/index.inc"}, key);

    test::Project clone;
    fill(clone);
    ::setenv("XDG_CACHE_HOME", (first.root() / "cache").c_str(), 1); // where the template is
    auto const fresh = builds.path() / "build-b";
    std::filesystem::create_directories(fresh);
    ASSERT_TRUE(instantiate_database_template(clone.root(), fresh, key));
    EXPECT_EQ(instantiated_from(fresh), key);
    auto const database = test::read_file(fresh / "compile_commands.json");
    EXPECT_NE(database.find((clone.root() / "src/cart.cpp").string()), std::string::npos);
    EXPECT_NE(database.find((fresh / "generated").string()), std::string::npos);
    EXPECT_EQ(database.find(first.root().string()), std::string::npos) << database;
    EXPECT_EQ(database.find(original.string()), std::string::npos) << database;
    EXPECT_EQ(test::read_file(fresh / "generated" / "index.inc"), "{\"cart\", 1},\n");
    EXPECT_FALSE(instantiate_database_template(clone.root(), fresh, "0000000000000000"));
}

} // namespace
} // namespace medic::code
