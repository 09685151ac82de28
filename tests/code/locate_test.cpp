#include "analyzers/code/names.hpp"
#include "analyzers/code/prefilter.hpp"
#include "bot/model/code.hpp"
#include "tests/code/project.hpp"

#include <gtest/gtest.h>
#include <map>

namespace medic {
namespace {

using test::Project;

constexpr const char* k_router = R"(
#pragma once
#include <functional>
#include <string>
struct Request { int n = 0; };
struct Router {
    void add(const std::string&, int (*)(const Request&)) {}
    void on(const std::string&, std::function<int(const Request&)>) {}
    template <int (*F)(const Request&)> void bind(const char*) {}
};
#define REGISTER(name, fn) static int registered_##name = (Router{}.add(#name, fn), 0)
)";

TEST(Locate, FindsDefinitionsAndEveryRegistrationShape) {
    Project project;
    project.add("include/router.hpp", k_router);
    project.add("src/handlers.cpp", R"(#include "router.hpp"
namespace shop {
struct Search { static int handle(const Request& r); };
int helper(int n) { return n * 2; }
int Search::handle(const Request& r) { return helper(r.n); }
int add_to_cart(const Request& r) { return r.n; }
int by_table(const Request& r) { return r.n; }
int by_template(const Request& r) { return r.n; }
int by_macro(const Request& r) { return r.n; }
}
)");
    project.add("src/routes.cpp", R"(#include "router.hpp"
namespace shop {
struct Search { static int handle(const Request& r); };
int add_to_cart(const Request&); int by_table(const Request&);
int by_template(const Request&); int by_macro(const Request&);
struct Route { const char* name; int (*fn)(const Request&); };
constexpr Route k_routes[] = {{"table_route", &by_table}};
void install(Router& router) {
    router.add("search", &Search::handle);
    router.on("cart.add", [](const Request& r) { return add_to_cart(r); });
    router.bind<&by_template>("templated");
}
REGISTER(macro_route, &by_macro);
}
)");
    auto const result =
        project.locate({"shop::Search::handle", "shop::add_to_cart", "shop::by_table",
                        "shop::by_template", "shop::by_macro", "shop::missing"});
    ASSERT_EQ(result.sites.size(), 5u);
    EXPECT_EQ(result.not_found, std::vector<std::string>{"shop::missing"});
    auto const& search = result.sites[0];
    EXPECT_EQ(search.definition.file, "src/handlers.cpp");
    EXPECT_EQ(search.definition.begin_line, 5u);
    ASSERT_EQ(search.registrations.size(), 1u);
    EXPECT_EQ(search.registrations[0].route, "search");
    EXPECT_EQ(search.registrations[0].call, "add");
    EXPECT_EQ(search.registrations[0].range.file, "src/routes.cpp");
    ASSERT_EQ(search.callees.size(), 1u);
    EXPECT_EQ(search.callees[0].name, "shop::helper");
    std::vector<std::pair<std::string, std::string>> registered;
    for (std::size_t i = 1; i < result.sites.size(); ++i)
        for (auto const& registration : result.sites[i].registrations)
            registered.emplace_back(registration.route, registration.call);
    EXPECT_EQ(registered,
              (std::vector<std::pair<std::string, std::string>>{{"cart.add", "on"},
                                                                {"table_route", "table"},
                                                                {"templated", "bind"},
                                                                {"macro_route", "REGISTER"}}));
}

/// name -> depth of a site's callees, for compact assertions.
std::map<std::string, unsigned> callee_depths(const CodeSite& site) {
    std::map<std::string, unsigned> depths;
    for (auto const& callee : site.callees) {
        EXPECT_FALSE(callee.definition.file.empty()) << callee.name << " has no definition";
        depths[callee.name] = callee.depth;
    }
    return depths;
}

TEST(Locate, CalleesAreFollowedToTheDepthAskedAcrossUnits) {
    Project project;
    project.add("include/steps.hpp", R"(#pragma once
namespace app {
int parse(int n);
inline int trim(int n) { return n - 1; }
}
)");
    project.add("src/handler.cpp", R"(#include "steps.hpp"
namespace app {
int validate(int n) { return trim(n) + parse(n); }
int handle(int n) { auto check = [](int v) { return validate(v); }; return check(n); }
}
)");
    project.add("src/parse.cpp", R"(#include "steps.hpp"
namespace app {
int digits(int n) { return n % 10; }
int leaf(int n) { return n; }
int deeper(int n) { return leaf(n); }
int parse(int n) { return digits(n) + deeper(n); }
}
)");
    auto const three = project.locate({"app::handle"}, 3);
    ASSERT_EQ(three.sites.size(), 1u);
    // validate (1) -> trim, parse (2) -> digits, deeper (3); leaf would be depth 4.
    EXPECT_EQ(callee_depths(three.sites[0]), (std::map<std::string, unsigned>{{"app::validate", 1},
                                                                              {"app::trim", 2},
                                                                              {"app::parse", 2},
                                                                              {"app::digits", 3},
                                                                              {"app::deeper", 3}}));
    auto const parse = std::find_if(three.sites[0].callees.begin(), three.sites[0].callees.end(),
                                    [](const Callee& c) { return c.name == "app::parse"; });
    ASSERT_NE(parse, three.sites[0].callees.end());
    EXPECT_EQ(parse->definition.file, "src/parse.cpp"); // its body is in another unit
    EXPECT_EQ(parse->definition.begin_line, 6u);
    auto const one = project.locate({"app::handle"}, 1);
    ASSERT_EQ(one.sites.size(), 1u);
    EXPECT_EQ(callee_depths(one.sites[0]), (std::map<std::string, unsigned>{{"app::validate", 1}}));
}

TEST(LocateByCodeAttributes, APlaceFromABuildMachineLeadsToTheEnclosingFunction) {
    Project project;
    project.add("include/shop/price.hpp", R"(#pragma once
namespace shop {
inline int price(int n) {
    return n * 3;
}
}
)");
    project.add("src/handlers.cpp", R"(#include "shop/price.hpp"
namespace shop {
struct Search { static int handle(int n); };
int Search::handle(int n) {
    auto twice = [](int v) {
        return v * 2;
    };
    return twice(price(n));
}
int other(int n) { return n; }
}
)");
    project.add("tests/handlers.cpp", R"(namespace tests { int handle(int n) { return n; } }
)");
    auto const matches = project.functions_at({{"/home/ci/agent/_work/shop/src/handlers.cpp", 6},
                                               {"src/handlers.cpp", 4},
                                               {"/opt/src/include/shop/price.hpp", 4},
                                               {"src/handlers.cpp", 2},
                                               {"src/missing.cpp", 3}});
    ASSERT_EQ(matches.size(), 3u);
    EXPECT_EQ(matches[0].function, "shop::Search::handle"); // a line in a lambda: its function
    EXPECT_EQ(matches[0].file, "src/handlers.cpp");         // not tests/handlers.cpp
    EXPECT_EQ(matches[0].definition.begin_line, 4u);
    EXPECT_EQ(matches[0].definition.end_line, 9u);
    EXPECT_EQ(matches[1].function, "shop::Search::handle");
    EXPECT_EQ(matches[2].function, "shop::price"); // a header-only function
    EXPECT_EQ(matches[2].file, "include/shop/price.hpp");
}

TEST(Locate, TestFilesThatCallAHandlerAreListed) {
    Project project;
    project.add("src/a.cpp", "namespace app { int work(int n) { return n + 1; } }\n");
    project.add("tests/a_test.cpp",
                "namespace app { int work(int); }\nint check() { return app::work(1); }\n");
    project.add("src/other.cpp", "namespace app { int idle() { return 0; } }\n");
    auto const result = project.locate({"app::work", "app::idle"});
    ASSERT_EQ(result.sites.size(), 2u);
    EXPECT_EQ(result.sites[0].test_files, std::vector<std::string>{"tests/a_test.cpp"});
    EXPECT_TRUE(result.sites[1].test_files.empty());
}

TEST(Locate, AUnitThatDoesNotParseIsReportedAndTheOthersStillCount) {
    Project project;
    project.add("src/good.cpp", "namespace app { int work(int n) { return n; } }\n");
    project.add("src/broken.cpp",
                "namespace app { int work(int); }\nint f() { return app::work(; }\n");
    project.add("src/unrelated.cpp", "int g() { return 1; }\n");
    auto const result = project.locate({"app::work"});
    ASSERT_EQ(result.sites.size(), 1u);
    EXPECT_EQ(result.report.units_total, 3u);
    EXPECT_EQ(result.report.units_parsed, 2u) << "unrelated.cpp cannot mention app::work";
    ASSERT_EQ(result.report.problems.size(), 1u);
    EXPECT_NE(result.report.problems[0].find("broken.cpp"), std::string::npos);
}

TEST(Locate, AMissingCompileDatabaseIsAClearError) {
    test::TempDir dir;
    auto const result = code::locate_handlers({dir.path(), {}, 1, {}}, {"app::work"});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::not_found);
    EXPECT_NE(result.error().message.find("no compile_commands.json"), std::string::npos);
}

TEST(Prefilter, TokensANameMustSpell) {
    EXPECT_EQ(code::required_tokens("shop::Search::handle"),
              (std::vector<std::string>{"Search", "handle"}));
    EXPECT_EQ(code::required_tokens("acme::ledger::v2::export_statement<acme::csv>"),
              std::vector<std::string>{"export_statement"});
}

} // namespace
} // namespace medic

namespace medic {
namespace {

/// Locates every handler of a fixture's manifest (configured by Medic itself, with CMake, into a
/// private cache) and checks each seeded defect is at the manifest's file and lines.
std::map<std::string, CodeSite> expect_manifest_located(const std::string& service) {
    test::TempDir cache;
    ::setenv("XDG_CACHE_HOME", cache.path().c_str(), 1);
    auto const root = test::source_root() / "fixtures/services" / service;
    auto const manifest = nlohmann::json::parse(test::read_file(root / "defects.json"));
    std::vector<std::string> handlers;
    for (auto const& defect : manifest["defects"])
        if (defect["kind"] != "misordered")
            handlers.push_back(defect["handler"]);
    for (auto const& healthy : manifest["healthy"])
        handlers.push_back(healthy);
    auto const result = code::locate_handlers({root, {}, 2, {}}, handlers);
    EXPECT_TRUE(result) << (result ? "" : result.error().message);
    std::map<std::string, CodeSite> by_handler;
    if (!result)
        return by_handler;
    EXPECT_TRUE(result->not_found.empty()) << result->not_found.front();
    for (auto const& problem : result->report.problems) // generated at build time, not configured
        EXPECT_NE(problem.find("loaddriver/"), std::string::npos) << problem;
    for (auto const& site : result->sites)
        by_handler[site.handler] = site;
    for (auto const& defect : manifest["defects"]) {
        if (defect["kind"] == "misordered")
            continue;
        auto const& site = by_handler[defect["handler"].get<std::string>()];
        EXPECT_EQ(site.definition.file, defect["file"].get<std::string>()) << defect["id"];
        EXPECT_EQ(site.definition.begin_line, defect["line_start"].get<unsigned>()) << defect["id"];
        EXPECT_EQ(site.definition.end_line, defect["line_end"].get<unsigned>()) << defect["id"];
        EXPECT_FALSE(site.registrations.empty()) << defect["id"] << " has no registration site";
    }
    return by_handler;
}

TEST(LocateShop, EverySeededDefectIsFoundAtItsManifestLines) {
    auto by_handler = expect_manifest_located("shop");
    EXPECT_TRUE(by_handler["shop::ProductPage::handle"].test_files.empty())
        << "the untested handler";
    EXPECT_FALSE(by_handler["shop::Search::handle"].test_files.empty());
}

} // namespace
} // namespace medic

namespace medic {
namespace {

std::vector<std::string> steps_of(const SequenceSite& site) {
    std::vector<std::string> steps;
    for (auto const& element : site.elements)
        steps.push_back(element.step);
    return steps;
}

TEST(LocateSequences, InitializerListsChainedCallsAndConsecutiveCalls) {
    Project project;
    project.add("include/router.hpp", k_router);
    project.add("src/app.cpp", R"(#include "router.hpp"
#include <initializer_list>
#include <string>
#include <vector>
namespace app {
int a(const Request& r) { return r.n; }
int b(const Request& r) { return r.n; }
int c(const Request& r) { return r.n; }
struct Sequence {
    Sequence(const char*) {}
    Sequence(const char*, std::initializer_list<const char*>) {}
    Sequence& then(const char*) { return *this; }
};
struct Pipeline { void step(int (*)(const Request&)) {} };
void install(Router& router) {
    router.add("a_route", &a);
    router.add("b_route", &b);
    router.add("c_route", &c);
}
const Sequence k_listed{"listed", {"b_route", "a_route", "c_route"}};
const Sequence k_chained = Sequence("chained").then("a_route").then("c_route").then("b_route");
void build_consecutive(Pipeline& pipeline) {
    pipeline.step(&c);
    pipeline.step(&b);
}
}
)");
    project.locate({}); // writes the compile database
    auto const sites = code::locate_sequences({project.root(), {}, 2, {}},
                                              {{"listed", {"app::a", "app::b", "app::c"}},
                                               {"chained", {"app::a", "app::b", "app::c"}},
                                               {"consecutive", {"app::b", "app::c"}}});
    ASSERT_TRUE(sites) << sites.error().message;
    ASSERT_EQ(sites->size(), 3u);
    EXPECT_EQ((*sites)[0].shape, "initializer list");
    EXPECT_EQ(steps_of((*sites)[0]), (std::vector<std::string>{"app::b", "app::a", "app::c"}));
    EXPECT_EQ((*sites)[1].shape, "chained calls");
    EXPECT_EQ(steps_of((*sites)[1]), (std::vector<std::string>{"app::a", "app::c", "app::b"}));
    EXPECT_EQ((*sites)[2].shape, "consecutive calls");
    EXPECT_EQ(steps_of((*sites)[2]), (std::vector<std::string>{"app::c", "app::b"}));
    EXPECT_EQ((*sites)[2].range.begin_line, 23u);
    EXPECT_EQ((*sites)[2].range.end_line, 24u);
}

TEST(LocateShop, TheMisorderedCheckoutIsFoundAsDeclared) {
    test::TempDir cache;
    ::setenv("XDG_CACHE_HOME", cache.path().c_str(), 1);
    auto const shop = test::source_root() / "fixtures/services/shop";
    auto const manifest = nlohmann::json::parse(test::read_file(shop / "defects.json"));
    nlohmann::json checkout;
    for (auto const& defect : manifest["defects"])
        if (defect["kind"] == "misordered")
            checkout = defect;
    auto const actual = checkout["actual_order"].get<std::vector<std::string>>();
    auto const sites = code::locate_sequences({shop, {}, 2, {}}, {{"checkout", actual}});
    ASSERT_TRUE(sites) << sites.error().message;
    ASSERT_EQ(sites->size(), 1u);
    auto const& site = sites->front();
    EXPECT_EQ(site.range.file, checkout["file"].get<std::string>());
    EXPECT_GE(site.range.begin_line, checkout["line_start"].get<unsigned>());
    EXPECT_LE(site.range.end_line, checkout["line_end"].get<unsigned>());
    EXPECT_EQ(steps_of(site), actual) << "the order as declared, i.e. the wrong one";
}

} // namespace
} // namespace medic

namespace medic {
namespace {

TEST(LocateCache, ASecondRunIsAnsweredFromTheCacheUntilAnIncludedHeaderChanges) {
    Project project;
    project.add("include/handlers.hpp", "namespace app { int work(int n); }\n");
    project.add("src/work.cpp",
                "#include \"handlers.hpp\"\nnamespace app { int work(int n) { return n; } }\n");
    project.add("src/caller.cpp",
                "#include \"handlers.hpp\"\nint call() { return app::work(1); }\n");
    project.add("src/other.cpp", "int other() { return 2; }\n");
    auto const first = project.locate({"app::work"});
    EXPECT_EQ(first.report.units_parsed, 2u);
    EXPECT_EQ(first.report.units_cached, 0u);
    auto const second = project.locate({"app::work"});
    EXPECT_EQ(second.report.units_cached, 2u);
    ASSERT_EQ(second.sites.size(), 1u);
    EXPECT_EQ(nlohmann::json(second.sites), nlohmann::json(first.sites));
    // Moving the definition down a line must not be answered from the cache.
    project.add("src/work.cpp",
                "#include \"handlers.hpp\"\n\nnamespace app { int work(int n) { return n; } }\n");
    auto const third = project.locate({"app::work"});
    EXPECT_EQ(third.report.units_cached, 1u) << "only caller.cpp is unchanged";
    EXPECT_EQ(third.sites.at(0).definition.begin_line, 3u);
    // A header both units include changes: both are parsed again.
    project.add("include/handlers.hpp", "namespace app { int work(int n); }\n// changed\n");
    EXPECT_EQ(project.locate({"app::work"}).report.units_cached, 0u);
}

} // namespace
} // namespace medic

namespace medic {
namespace {

/// The second fixture, written differently: free functions, templates, a member function,
/// header-only handlers, table / template / std::function / X-macro registrations.
TEST(LocateLedger, EverySeededDefectIsFoundAtItsManifestLines) {
    auto by_handler = expect_manifest_located("ledger");
    EXPECT_TRUE(by_handler["acme::ledger::v2::balance_of"].test_files.empty())
        << "the untested handler";
}

} // namespace
} // namespace medic

namespace medic {
namespace {

TEST(Names, TemplateArgumentsCompareWithoutQualifiersOrSpaces) {
    EXPECT_EQ(code::template_arguments_key("a::f<acme::csv_format>"), "<csv_format>");
    EXPECT_EQ(code::template_arguments_key("f<csv_format>"), "<csv_format>");
    EXPECT_EQ(code::template_arguments_key("f<std::map<int, a::b>>"), "<map<int,b>>");
    EXPECT_EQ(code::template_arguments_key("a::f"), "");
    EXPECT_EQ(code::normalize_name("shop::(anonymous namespace)::f<int>"), "shop::f");
}

} // namespace
} // namespace medic

namespace medic {
namespace {

TEST(LocateMessages, ATemplateLeadsToTheCallThatBuildsTheMessage) {
    Project project;
    project.add("src/app.cpp", R"cpp(#include <stdexcept>
#include <string>
namespace app {
std::string format(const char* text, const std::string&, int) { return text; }
std::string cat(const char* a, const std::string& b, const char* c, int d) { return a + b + c + std::to_string(d); }
void ship(const std::string& country, int order) {
    throw std::runtime_error(format("no shipping zone for country '{}' (order {})", country, order));
}
void quote(const std::string& pair, int id) {
    throw std::runtime_error(cat("no ", pair, " rate for quote ", id));
}
void unrelated() {
    throw std::runtime_error("disk full");
}
}
)cpp");
    project.locate({}); // writes the compile database
    auto const sites = code::locate_messages(
        {project.root(), {}, 2, {}}, {"no shipping zone for country <*> (order <*>)",
                                      "no <*> rate for quote <*>", "nothing like this anywhere"});
    ASSERT_TRUE(sites) << sites.error().message;
    ASSERT_EQ(sites->size(), 2u);
    EXPECT_EQ((*sites)[0].function, "app::ship");
    EXPECT_EQ((*sites)[0].range.begin_line, 7u);
    EXPECT_EQ((*sites)[1].function, "app::quote");
    EXPECT_EQ((*sites)[1].range.begin_line, 10u);
}

} // namespace
} // namespace medic
