// generate_harness with the real templates/harness: a plain-function harness compiled and run
// against a small service; the framework parts, the CMake hook and the medic.yml keys; and a
// repository offering nothing a harness can call. (The cpp-httplib and gRPC parts are built and
// run for real on the depot by tests/cli/depot_cli_test.sh.)

#include "bot/model/text_file.hpp"
#include "generators/tests/harness_generator.hpp"
#include "tests/generate/compiler.hpp"
#include "tests/generate/shop_anomalies.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

bool contains(const std::string& text, std::string_view needle) {
    return text.find(needle) != std::string::npos;
}

const GeneratedFile* file_named(const GeneratedHarness& harness, const std::string& path) {
    for (auto const& file : harness.files)
        if (file.path == path)
            return &file;
    return nullptr;
}

PlainHandler quote_handler() {
    return {"orders.quote",
            "svc::quote",
            "include/svc/quote.hpp",
            "src/quote.cpp",
            "svc::QuoteRequest",
            {{"sku", "string", "std::string"},
             {"quantity", "integer", "int"},
             {"rush", "bool", "bool"}},
            true};
}

TEST(GenerateHarness, APlainFunctionIsCalledWithARequestBuiltFromTheInputs) {
    HarnessRequest request{{{}, {}, {quote_handler()}, {}, {"svc_lib"}},
                           "svc",
                           "tests/medic_harness",
                           "project(svc CXX)\n",
                           std::nullopt};
    auto const harness = generate_harness(request, test::medic_templates());
    ASSERT_TRUE(harness) << harness.error().message;
    EXPECT_EQ(harness->target, "svc_medic_harness");
    test::TempDir dir;
    for (auto const& file : harness->files)
        ASSERT_TRUE(write_text_file(dir.path() / file.path, file.content));
    ASSERT_TRUE(write_text_file(dir.path() / "include/svc/quote.hpp", R"(#pragma once
#include <string>
namespace svc {
struct QuoteRequest { std::string sku; int quantity = 0; bool rush = false; };
bool quote(const QuoteRequest& request);
}
)"));
    ASSERT_TRUE(write_text_file(dir.path() / "src/quote.cpp", R"(#include "svc/quote.hpp"
#include <stdexcept>
bool svc::quote(const QuoteRequest& request) {
    if (request.sku.empty()) throw std::runtime_error("no sku");
    return request.quantity == 3 && request.rush;
}
)"));
    ASSERT_TRUE(write_text_file(dir.path() / "main.cpp", R"(#include "medic_harness.hpp"
#include <cstdio>
#include <stdexcept>
int main() {
    using medic_harness::replay;
    bool const served = replay("orders.quote", {{"sku", "KIT-1"}, {"quantity", "3"}, {"rush", "true"}});
    bool const refused = replay("orders.quote", {{"quantity", "3"}}); // throws inside: an error
    bool unknown = false;
    try { replay("orders.other", {}); } catch (const std::invalid_argument&) { unknown = true; }
    std::printf("%d %d %d\n", served, refused, unknown);
}
)"));
    auto const built = test::run({test::cxx(), "-std=c++20", "-I", "include", "-I",
                                  "tests/medic_harness", "-I", ".", "main.cpp", "src/quote.cpp",
                                  "tests/medic_harness/medic_harness.cpp", "-o", "harness_check"},
                                 dir.path());
    ASSERT_EQ(built.exit_code, 0)
        << built.output << file_named(*harness, "tests/medic_harness/medic_harness.cpp")->content;
    auto const ran = test::run({(dir.path() / "harness_check").string()}, dir.path());
    EXPECT_EQ(ran.output, "1 0 1\n");
}

TEST(GenerateHarness, RoutesAndServicesShareTheirStateAndTheBuildIsHookedOnce) {
    RouteSetup routes{"depot::register_routes",
                      "include/depot/http_api.hpp",
                      "src/http_api.cpp",
                      {{"httplib::Server", false, true}, {"depot::Catalog", true, false}},
                      {"GET /search"}};
    ServiceClass service{
        "depot::InventoryService",
        "include/depot/inventory_service.hpp",
        "src/inventory_service.cpp",
        {{"depot::Catalog", true, false}},
        {{"depot.Inventory/Reserve", "Reserve", "depot::ReserveRequest", "depot::ReserveReply"}}};
    HarnessRequest request{{{routes}, {service}, {}, {}, {"depot_service"}},
                           "depot",
                           "tests/medic_harness",
                           "project(depot CXX)\n",
                           "version: 1\n"};
    auto const harness = generate_harness(request, test::medic_templates());
    ASSERT_TRUE(harness) << harness.error().message;
    auto const& cpp = file_named(*harness, "tests/medic_harness/medic_harness.cpp")->content;
    EXPECT_TRUE(contains(cpp, "#include \"depot/http_api.hpp\"")) << cpp;
    EXPECT_TRUE(contains(cpp, "depot::Catalog state_0;")) << cpp; // one catalog for both
    EXPECT_TRUE(contains(cpp, "depot::InventoryService service_0{ state_0 };")) << cpp;
    EXPECT_TRUE(contains(cpp, "depot::register_routes(server, state_0);")) << cpp;
    EXPECT_TRUE(contains(cpp, "if (handler == \"depot.Inventory/Reserve\")")) << cpp;
    auto const* cmake = file_named(*harness, "CMakeLists.txt");
    ASSERT_NE(cmake, nullptr);
    EXPECT_TRUE(contains(cmake->content, "add_subdirectory(tests/medic_harness)"));
    auto const* config = file_named(*harness, ".github/medic.yml");
    ASSERT_NE(config, nullptr);
    EXPECT_TRUE(contains(config->content,
                         "harness: { header: medic_harness.hpp, target: depot_medic_harness }"));
    // Asked again: the hook is there, and medic.yml's harness: is a person's to change.
    request.cmake_lists = cmake->content;
    request.medic_yml = config->content;
    auto const again = generate_harness(request, test::medic_templates());
    ASSERT_TRUE(again);
    EXPECT_EQ(file_named(*again, "CMakeLists.txt"), nullptr);
    EXPECT_EQ(file_named(*again, ".github/medic.yml"), nullptr);
    EXPECT_TRUE(contains(again->problems.back(), "already has a harness"));
}

TEST(GenerateHarness, NothingCallableIsAnErrorThatSaysWhy) {
    RouteSetup in_main{"main", {}, "src/main.cpp", {}, {"GET /x"}};
    HarnessRequest request{{{in_main},
                            {},
                            {},
                            {"the HTTP routes are installed in main(): a harness cannot call main"},
                            {}},
                           "svc",
                           "tests/medic_harness",
                           std::nullopt,
                           std::nullopt};
    auto const harness = generate_harness(request, test::medic_templates());
    ASSERT_FALSE(harness);
    EXPECT_EQ(harness.error().code, ErrorCode::invalid_input);
    EXPECT_TRUE(contains(harness.error().message, "installed in main()"))
        << harness.error().message;
}

} // namespace
} // namespace medic
