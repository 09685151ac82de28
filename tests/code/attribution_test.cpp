// Whose code a finding is: a lambda registered as a route is a handler of its own, handlers
// that share a function each get its findings, vendored code is nobody's, and the steps of a
// sequence can be functions.
#include "tests/code/project.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

using test::Project;

constexpr const char* k_server = R"(#pragma once
#include <functional>
#include <string>
struct Request { std::string body; };
struct Response { std::string body; };
struct Server {
    using Handler = std::function<void(const Request&, Response&)>;
    Server& Get(const std::string&, Handler);
    Server& Post(const std::string&, Handler);
};
)";

/// (handler, check) of every finding, for compact assertions.
std::vector<std::pair<std::string, std::string>> owners(const code::AnalyzeResult& result) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (auto const& finding : result.findings)
        pairs.emplace_back(finding.handler, finding.check);
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

TEST(Attribution, EachLambdaRouteOwnsTheFindingsInItsBody) {
    Project project;
    project.add("include/server.hpp", k_server);
    project.add("src/routes.cpp", R"(#include "server.hpp"
#include <regex>
#include <vector>
void setup(Server& server) {
    server.Get("/validate", [](const Request& req, Response& res) {
        for (int i = 0; i < 3; ++i) {
            std::regex pattern("[a-z]+");
            res.body += std::regex_match(req.body, pattern) ? "y" : "n";
        }
    });
    server.Get("/report", [](const Request& req, Response& res) {
        for (int i = 0; i < 3; ++i)
            res.body = res.body + req.body;
    });
}
)");
    auto const result = project.analyze(std::vector<std::string>{"GET /validate", "GET /report"});
    ASSERT_EQ(result.sites.size(), 2u);
    EXPECT_EQ(owners(result), (std::vector<std::pair<std::string, std::string>>{
                                  {"GET /report", "perf-string-concat-in-loop"},
                                  {"GET /validate", "perf-regex-in-loop"}}));
    for (auto const& finding : result.findings)
        EXPECT_TRUE(finding.function.starts_with("lambda at src/routes.cpp:")) << finding.function;
}

TEST(Attribution, HandlersSharingAFunctionEachGetItsFindings) {
    Project project;
    project.add("include/server.hpp", k_server);
    project.add("src/routes.cpp", R"(#include "server.hpp"
#include <iostream>
void render(const Request& req, Response& res) {
    for (int i = 0; i < 3; ++i)
        std::cout << req.body << std::endl;
    res.body = "ok";
}
void setup(Server& server) {
    server.Get("/a", render);
    server.Post("/b", render);
}
)");
    auto const result = project.analyze(std::vector<std::string>{"GET /a", "POST /b"});
    ASSERT_EQ(result.sites.size(), 2u);
    EXPECT_EQ(result.sites[0].qualified_name, "render");
    EXPECT_EQ(result.sites[1].qualified_name, "render");
    EXPECT_EQ(owners(result),
              (std::vector<std::pair<std::string, std::string>>{{"GET /a", "perf-endl-in-loop"},
                                                                {"POST /b", "perf-endl-in-loop"}}));
}

TEST(Attribution, VendoredCodeIsNeitherACalleeNorFound) {
    Project project;
    project.add("third_party/lib/lib.hpp", R"(#pragma once
#include <string>
inline std::string slow_copy(std::string text) { return text; }
)");
    project.add("src/handler.cpp", R"(#include "../third_party/lib/lib.hpp"
#include <string>
std::string own(const std::string& s) { return s; }
std::string handle(const std::string& input) { return own(slow_copy(input)); }
)");
    auto const result = project.analyze(std::vector<std::string>{"handle"});
    ASSERT_EQ(result.sites.size(), 1u);
    ASSERT_EQ(result.sites[0].callees.size(), 1u); // slow_copy is the library's, not the repo's
    EXPECT_EQ(result.sites[0].callees[0].name, "own");
    EXPECT_TRUE(result.findings.empty()); // the by-value parameter is in vendored code
}

TEST(Attribution, ACodePlaceInALambdaRouteIsThatLambda) {
    Project project;
    project.add("include/server.hpp", k_server);
    project.add("src/routes.cpp", R"(#include "server.hpp"
#include <algorithm>
#include <vector>
void setup(Server& server) {
    server.Get("/sorted", [](const Request&, Response& res) {
        std::vector<int> v{3, 1, 2};
        std::sort(v.begin(), v.end(), [](int a, int b) { return a < b; });
        res.body = std::to_string(v.front());
    });
}
)");
    auto const matches =
        project.functions_at({{"/ci/build/src/routes.cpp", 6}, {"src/routes.cpp", 7}});
    ASSERT_EQ(matches.size(), 2u);
    EXPECT_EQ(matches[0].function, "lambda at src/routes.cpp:5:27");
    // A lambda inside the handler (the comparator) is part of the handler, not one of its own.
    EXPECT_EQ(matches[1].function, "lambda at src/routes.cpp:5:27");
    auto const located = project.locate({matches[0].function});
    ASSERT_EQ(located.sites.size(), 1u);
    EXPECT_EQ(located.sites[0].definition.begin_line, 5u);
    EXPECT_EQ(located.sites[0].definition.end_line, 9u);
}

TEST(Attribution, SequencesWhoseStepsAreFunctions) {
    Project project;
    project.add("include/pipeline.hpp", R"(#pragma once
#include <functional>
#include <string>
#include <vector>
struct Order { int id = 0; };
using Step = void (*)(Order&);
struct Pipeline {
    explicit Pipeline(std::string name);
    Pipeline& then(Step step);
};
namespace fulfil {
void validate(Order&); void charge(Order&); void ship(Order&);
void pick(Order&); void pack(Order&); void label(Order&);
}
)");
    project.add("src/steps.cpp", R"(#include "pipeline.hpp"
namespace fulfil {
void validate(Order&) {} void charge(Order&) {} void ship(Order&) {}
void pick(Order&) {} void pack(Order&) {} void label(Order&) {}
}
)");
    project.add("src/flows.cpp", R"(#include "pipeline.hpp"
namespace fulfil {
Pipeline checkout() { return Pipeline("checkout").then(validate).then(ship).then(charge); }
constexpr Step k_warehouse[] = {&pack, &pick, &label};
}
)");
    project.locate({"fulfil::validate"}); // writes the compile database
    auto const sites = code::locate_sequences(
        {project.root(), {}, 2, {}},
        {{"checkout", {"fulfil::validate", "fulfil::charge", "fulfil::ship"}},
         {"warehouse", {"fulfil::pick", "fulfil::pack", "fulfil::label"}}});
    ASSERT_TRUE(sites);
    ASSERT_EQ(sites->size(), 2u);
    auto const steps = [](const SequenceSite& site) {
        std::vector<std::string> spelled;
        for (auto const& element : site.elements)
            spelled.push_back(element.spelled);
        return spelled;
    };
    EXPECT_EQ((*sites)[0].shape, "chained calls");
    EXPECT_EQ(steps((*sites)[0]), (std::vector<std::string>{"validate", "ship", "charge"}));
    EXPECT_EQ((*sites)[1].shape, "initializer list");
    EXPECT_EQ(steps((*sites)[1]), (std::vector<std::string>{"pack", "pick", "label"}));
}

} // namespace
} // namespace medic
