// generate_tests with the real templates/tests: file names, the filter and benchmark, the shared
// CMakeLists, overrides, and recorded values that stay string literals through the compiler.

#include "generators/tests/test_generator.hpp"
#include "tests/generate/compiler.hpp"
#include "tests/generate/shop_anomalies.hpp"
#include "tests/support/temp_dir.hpp"

#include <cstdio>
#include <gtest/gtest.h>

namespace medic {
namespace {

const std::string k_hostile_value = "\"); system(\"rm -rf /\"); //";

bool contains(const std::string& text, std::string_view needle) {
    return text.find(needle) != std::string::npos;
}

TEST(GenerateTests, SlowGetsAReplayTestAndABenchmark) {
    const auto tests =
        generate_tests(test::test_request(test::apply_coupon_slow(), test::apply_coupon_draft()),
                       test::medic_templates());
    ASSERT_TRUE(tests.has_value()) << tests.error().message;
    ASSERT_EQ(tests->files.size(), 3u);
    EXPECT_EQ(tests->files[0].path, "tests/medic/CMakeLists.txt");
    EXPECT_EQ(tests->files[1].path, "tests/medic/shop-apply-coupon-handle_69ecf7a1_test.cpp");
    EXPECT_EQ(tests->files[2].path, "tests/medic/shop-apply-coupon-handle_69ecf7a1_bench.cpp");
    EXPECT_EQ(tests->test_filter, "MedicShopApplyCouponHandle69ecf7a1.*");
    EXPECT_EQ(tests->benchmark, "BM_Medic_ShopApplyCouponHandle_69ecf7a1");
    const std::string& test = tests->files[1].content;
    EXPECT_TRUE(test.starts_with("// Written by Medic for anomaly 69ecf7a193c7dde9 (slow, "
                                 "shop::ApplyCoupon::handle)."))
        << test;
    EXPECT_TRUE(contains(test, "#include \"medic_harness.hpp\""));
    EXPECT_TRUE(contains(test, "TEST(MedicShopApplyCouponHandle69ecf7a1, "
                               "ReplaysRecordedProductionInputs)"));
    EXPECT_TRUE(contains(test, "{ \"cart_id\", \"cart-1246201\" },"));
    EXPECT_TRUE(contains(test, "{ \"cart_items\", \"17\" },")) << test; // numbers as text
    EXPECT_TRUE(contains(test, "replay(\"shop::ApplyCoupon::handle\", calls[i].inputs)"));
    const std::string& bench = tests->files[2].content;
    EXPECT_TRUE(contains(bench, "void BM_Medic_ShopApplyCouponHandle_69ecf7a1(benchmark::State& "
                                "state)"));
    EXPECT_TRUE(contains(bench, "BENCHMARK(BM_Medic_ShopApplyCouponHandle_69ecf7a1);"));
    EXPECT_TRUE(contains(bench, "state.SetItemsProcessed("));
    EXPECT_TRUE(contains(tests->files[0].content,
                         "target_link_libraries(medic_tests PRIVATE shop_medic_harness "
                         "GTest::gtest_main)"));
    EXPECT_TRUE(contains(tests->files[0].content, "\"${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp\""));
}

TEST(GenerateTests, MisorderedPinsTheExpectedOrder) {
    const auto tests =
        generate_tests(test::test_request(test::checkout_misordered(), test::checkout_draft()),
                       test::medic_templates());
    ASSERT_TRUE(tests.has_value()) << tests.error().message;
    ASSERT_EQ(tests->files.size(), 2u);
    EXPECT_EQ(tests->files[1].path, "tests/medic/checkout_2cb407ca_test.cpp");
    EXPECT_EQ(tests->test_filter, "MedicCheckout2cb407ca.*");
    EXPECT_EQ(tests->benchmark, "");
    const std::string& test = tests->files[1].content;
    EXPECT_TRUE(contains(test, "TEST(MedicCheckout2cb407ca, RunsTheStepsInTheExpectedOrder)"));
    EXPECT_TRUE(contains(test, "        \"shop::ValidateCart::handle\",\n"
                               "        \"shop::ReserveStock::handle\",\n"
                               "        \"shop::ChargePayment::handle\",\n"))
        << test;
    EXPECT_TRUE(contains(test, "sequence_steps(\"checkout\")"));
    EXPECT_TRUE(contains(test, "102 of 103 runs, and 5 of those runs failed (for example r-91, "
                               "r-117, r-136)"))
        << test;
}

TEST(GenerateTests, ErrorsReplayWithoutAssertingTheOutcome) {
    const auto tests = generate_tests(
        test::test_request(test::shipping_quote_errors(), draft_for(test::shipping_quote_errors())),
        test::medic_templates());
    ASSERT_TRUE(tests.has_value()) << tests.error().message;
    ASSERT_EQ(tests->files.size(), 2u);
    const std::string& test = tests->files[1].content;
    EXPECT_TRUE(contains(test, "HandlesRecordedInputsWithoutThrowing"));
    EXPECT_TRUE(contains(test, "EXPECT_NO_THROW((void)medic_harness::replay("));
    EXPECT_TRUE(contains(test, "not asserted"));
    EXPECT_TRUE(contains(test, "{ \"express\", \"false\" },")) << test; // booleans as text
}

TEST(GenerateTests, TrendAndUntestedGetTheirKindsTests) {
    Anomaly trend = test::apply_coupon_slow();
    trend.kind = AnomalyKind::trend;
    trend.evidence = {{"quantile", "p95"}, {"budget_ms", 0.06}, {"slope_ms_per_hour", 0.01}};
    const auto trend_tests =
        generate_tests(test::test_request(trend, draft_for(trend)), test::medic_templates());
    ASSERT_TRUE(trend_tests.has_value()) << trend_tests.error().message;
    ASSERT_EQ(trend_tests->files.size(), 3u);
    EXPECT_TRUE(contains(trend_tests->files[1].content, "ReplaysRecordedProductionInputs"));
    EXPECT_TRUE(contains(trend_tests->files[2].content, "replays one request without inputs"));
    Anomaly untested = test::shipping_quote_errors();
    untested.kind = AnomalyKind::untested;
    const auto untested_tests =
        generate_tests(test::test_request(untested, draft_for(untested)), test::medic_templates());
    ASSERT_TRUE(untested_tests.has_value()) << untested_tests.error().message;
    EXPECT_TRUE(contains(untested_tests->files[1].content, "HandlesRecordedInputsWithoutThrowing"));
}

TEST(GenerateTests, TheCMakeListsIsTheSameForEveryAnomaly) {
    const auto slow =
        generate_tests(test::test_request(test::apply_coupon_slow(), test::apply_coupon_draft()),
                       test::medic_templates());
    const auto order =
        generate_tests(test::test_request(test::checkout_misordered(), test::checkout_draft()),
                       test::medic_templates());
    ASSERT_TRUE(slow && order);
    EXPECT_EQ(slow->files[0].content, order->files[0].content);
}

TEST(GenerateTests, WithoutAHarnessTheRepositoryIsToldWhatToSet) {
    TestRequest request = test::test_request(test::apply_coupon_slow(), test::apply_coupon_draft());
    request.harness.target.clear();
    const auto tests = generate_tests(request, test::medic_templates());
    ASSERT_FALSE(tests.has_value());
    EXPECT_EQ(tests.error().code, ErrorCode::invalid_input);
    EXPECT_EQ(tests.error().message,
              "the repository has no Medic harness: set harness.target in .github/medic.yml "
              "(see templates/README.md)");
}

TEST(GenerateTests, RefusesSettingsThatWouldEscape) {
    TestRequest request = test::test_request(test::apply_coupon_slow(), test::apply_coupon_draft());
    request.harness.header = "x.hpp\"\n#include <evil>";
    EXPECT_FALSE(generate_tests(request, test::medic_templates()).has_value());
    request = test::test_request(test::apply_coupon_slow(), test::apply_coupon_draft());
    request.generate.tests_dir = "../outside";
    EXPECT_FALSE(generate_tests(request, test::medic_templates()).has_value());
    request = test::test_request(test::apply_coupon_slow(), test::apply_coupon_draft());
    request.anomaly.id = "../../etc";
    EXPECT_FALSE(generate_tests(request, test::medic_templates()).has_value());
}

TEST(GenerateTests, WithoutExamplesTheBenchmarkReplaysOneEmptyRequest) {
    Anomaly anomaly = test::apply_coupon_slow();
    anomaly.evidence.erase("examples");
    const auto tests = generate_tests(test::test_request(anomaly, test::apply_coupon_draft()),
                                      test::medic_templates());
    ASSERT_TRUE(tests.has_value()) << tests.error().message;
    EXPECT_TRUE(contains(tests->files[1].content, "nothing to replay"));
    EXPECT_TRUE(contains(tests->files[2].content, "replays one request without inputs"));
    EXPECT_TRUE(contains(tests->files[2].content, "        {\n        },\n"))
        << tests->files[2].content;
}

TEST(GenerateTests, ARepositoryTemplateWinsAndABrokenOneIsNamed) {
    test::TempDir repo;
    std::filesystem::create_directories(repo.path() / "tests");
    (void)repo.write("tests/replay_test.cpp.mustache", "// ours for {{suite}}\n");
    TemplateDirs dirs = test::medic_templates();
    dirs.repo_override = repo.path();
    const auto request = test::test_request(test::apply_coupon_slow(), test::apply_coupon_draft());
    const auto tests = generate_tests(request, dirs);
    ASSERT_TRUE(tests.has_value()) << tests.error().message;
    EXPECT_EQ(tests->files[1].content, "// ours for MedicShopApplyCouponHandle69ecf7a1\n");
    EXPECT_TRUE(contains(tests->files[2].content, "BENCHMARK(")); // Medic's own benchmark
    (void)repo.write("tests/replay_bench.cpp.mustache", "{{/closed}}");
    const auto broken = generate_tests(request, dirs);
    ASSERT_FALSE(broken.has_value());
    EXPECT_TRUE(contains(broken.error().message, "tests/replay_bench.cpp.mustache"))
        << broken.error().message;
}

// The strongest check: hostile recorded values, compiled and run against a harness that prints
// what it was given, come out byte for byte as production recorded them.
TEST(GenerateTests, HostileRecordedValuesStayDataThroughTheCompiler) {
    Anomaly anomaly = test::apply_coupon_slow();
    const std::string backslash_quote = "\\\"";
    const std::string newline = "line one\nline two */ ?\?/";
    anomaly.evidence["examples"] = {
        {{"attrs", {{"code", k_hostile_value}, {"note", backslash_quote}, {"x\"key", newline}}},
         {"error", false}}};
    const auto tests = generate_tests(test::test_request(anomaly, test::apply_coupon_draft()),
                                      test::medic_templates());
    ASSERT_TRUE(tests.has_value()) << tests.error().message;

    test::TempDir dir;
    (void)dir.write("test.cpp", tests->files[1].content);
    (void)dir.write("bench.cpp", tests->files[2].content);
    (void)dir.write("harness.cpp", R"(#include "medic_harness.hpp"
#include <cstdio>
namespace medic_harness {
void prepare() {}
static void hex(const std::string& text) {
    for (unsigned char c : text) std::printf("%02x", c);
}
bool replay(std::string_view handler, const Inputs& inputs) {
    std::printf("REPLAY %.*s", int(handler.size()), handler.data());
    for (const Input& input : inputs) { std::printf(" "); hex(input.key); std::printf("="); hex(input.value); }
    std::printf("\n");
    return true;
}
std::vector<std::string> sequence_steps(std::string_view) { return {}; }
}
)");
    const std::string include =
        "-I" + (test::source_root() / "fixtures/services/shop/tests/medic_harness").string();
    const auto bench = test::run({test::cxx(), "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra",
                                  "-Werror", include, "bench.cpp"},
                                 dir.path());
    EXPECT_EQ(bench.exit_code, 0) << bench.output << tests->files[2].content;
    const auto built =
        test::run({test::cxx(), "-std=c++20", "-Wall", "-Wextra", "-Werror", include, "test.cpp",
                   "harness.cpp", "-o", "medic_tests", "-lgtest", "-lgtest_main", "-pthread"},
                  dir.path());
    ASSERT_EQ(built.exit_code, 0) << built.output << tests->files[1].content;
    const auto ran = test::run({(dir.path() / "medic_tests").string()}, dir.path());
    EXPECT_EQ(ran.exit_code, 0) << ran.output;
    auto hex = [](const std::string& text) {
        std::string out;
        char byte[3];
        for (const unsigned char c : text) {
            std::snprintf(byte, sizeof byte, "%02x", c);
            out += byte;
        }
        return out;
    };
    // Keys in JSON order: code, note, x"key.
    const std::string expected =
        "REPLAY shop::ApplyCoupon::handle " + hex("code") + "=" + hex(k_hostile_value) + " " +
        hex("note") + "=" + hex(backslash_quote) + " " + hex("x\"key") + "=" + hex(newline) + "\n";
    EXPECT_TRUE(contains(ran.output, expected)) << ran.output;
}

TEST(GenerateTests, TheMisorderedTestCompiles) {
    const auto tests =
        generate_tests(test::test_request(test::checkout_misordered(), test::checkout_draft()),
                       test::medic_templates());
    ASSERT_TRUE(tests.has_value()) << tests.error().message;
    test::TempDir dir;
    (void)dir.write("test.cpp", tests->files[1].content);
    const auto checked = test::run(
        {test::cxx(), "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Werror",
         "-I" + (test::source_root() / "fixtures/services/shop/tests/medic_harness").string(),
         "test.cpp"},
        dir.path());
    EXPECT_EQ(checked.exit_code, 0) << checked.output << tests->files[1].content;
}

TEST(GenerateTests, RendersTheSameTwice) {
    const auto request = test::test_request(test::apply_coupon_slow(), test::apply_coupon_draft());
    const auto first = generate_tests(request, test::medic_templates());
    const auto second = generate_tests(request, test::medic_templates());
    ASSERT_TRUE(first && second);
    for (std::size_t i = 0; i < first->files.size(); ++i)
        EXPECT_EQ(first->files[i].content, second->files[i].content);
}

TEST(HandlerSlug, SplitsHumpsAndSeparators) {
    EXPECT_EQ(handler_slug("shop::ApplyCoupon::handle"), "shop-apply-coupon-handle");
    EXPECT_EQ(handler_slug("checkout"), "checkout");
    EXPECT_EQ(handler_slug("HTTPServer::get"), "http-server-get");
    EXPECT_EQ(handler_slug("acme::ledger::v2::account_activity"),
              "acme-ledger-v2-account-activity");
    EXPECT_EQ(handler_slug("Sha256Hash"), "sha256-hash");
    EXPECT_EQ(handler_slug("shop::Cache<std::string>::get"), "shop-cache-std-string-get");
    EXPECT_EQ(handler_slug("../../"), "unnamed");
    EXPECT_LE(handler_slug(std::string(200, 'x') + "::y").size(), 48u);
}

} // namespace
} // namespace medic
