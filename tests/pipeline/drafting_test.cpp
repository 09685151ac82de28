// The draft stage's security boundary and its de-duplication, without the CLI: which paths a
// patch may touch, and which anomalies get no draft of their own (symptoms, repeated changes).

#include "bot/pipeline/draft_run.hpp"
#include "bot/pipeline/drafting.hpp"
#include "tests/support/recording_sleeper.hpp"
#include "tests/support/unreachable_http_client.hpp"

#include <gtest/gtest.h>

namespace medic::pipeline {
namespace {

SourceRange range_in(const std::string& file) {
    return {file, 1, 1, 2, 1};
}

DraftRequest request_with_code() {
    DraftRequest request;
    CodeSite site;
    site.handler = "shop::Cart::handle";
    site.definition = range_in("src/cart.cpp");
    site.callees = {{"shop::total", range_in("src/total.cpp"), 1},
                    {"shop::price", range_in("src/price.cpp"), 2},
                    {"shop::deep", range_in("src/deep.cpp"), 3},
                    {"std::sort", range_in(""), 1}};
    site.test_files = {"tests/cart_test.cpp"};
    request.site = site;
    return request;
}

TEST(AllowedPaths, AreTheHandlersNearCodeItsTestsAndTheConfiguredOnes) {
    auto request = request_with_code();
    Finding finding;
    finding.fixes.push_back({"include/shop/total.hpp", 0, 1, 1, 1, "const "});
    request.findings.push_back(finding);
    MedicConfig config;
    config.fix.allowed_paths = {"docs/"};
    EXPECT_EQ(allowed_paths(request, config),
              (std::vector<std::string>{"docs/", "include/shop/total.hpp", "src/cart.cpp",
                                        "src/price.cpp", "src/total.cpp", "tests/cart_test.cpp"}));
}

TEST(AllowedPaths, NeverReachDeepCalleesAbsolutePathsOrVendoredCode) {
    auto request = request_with_code();
    request.site->callees.push_back({"zlib::crc", range_in("third_party/zlib/crc.c"), 1});
    request.site->test_files.push_back("/etc/passwd");
    request.vendored_paths = {"third_party/"};
    auto const paths = allowed_paths(request, MedicConfig{});
    for (auto const* refused : {"src/deep.cpp", "/etc/passwd", "third_party/zlib/crc.c", ""})
        EXPECT_EQ(std::count(paths.begin(), paths.end(), refused), 0) << refused;
}

TEST(AllowedPaths, OfASequenceAreWhereItIsDeclared) {
    DraftRequest request;
    SequenceSite sequence;
    sequence.range = range_in("src/checkout.cpp");
    request.sequence = sequence;
    EXPECT_EQ(allowed_paths(request, MedicConfig{}),
              (std::vector<std::string>{"src/checkout.cpp"}));
}

struct FixRunFixture : ::testing::Test {
    test::UnreachableHttpClient http;
    test::RecordingSleeper sleeper;
    Model model{http, sleeper};
    MedicConfig config;
    Analysis analysis;
    Strategies strategies{{Strategy::rules}, nullptr, {}, {}};
};

Anomaly anomaly_of(std::string id, std::string handler) {
    Anomaly anomaly;
    anomaly.id = std::move(id);
    anomaly.handler = std::move(handler);
    return anomaly;
}

TEST_F(FixRunFixture, ASymptomOfAnotherAnomalyInTheReportIsCovered) {
    auto cause = anomaly_of("cause1", "shop::Checkout::handle");
    auto symptom = anomaly_of("symptom1", "shop::Pay::handle");
    symptom.related = {"cause1"};
    std::vector<Anomaly> const anomalies{cause, symptom};
    FixRun run(anomalies, analysis, config, strategies, model, "/nonexistent");
    auto const outcome = run.draft(symptom);
    EXPECT_TRUE(outcome.covered);
    EXPECT_FALSE(outcome.draft);
    ASSERT_EQ(outcome.reasons.size(), 1U);
    EXPECT_EQ(outcome.reasons[0], "a symptom of cause1: its draft fixes this too");
}

TEST_F(FixRunFixture, AHandlerNotFoundInTheCodeIsSaidSoRatherThanDrafted) {
    std::vector<Anomaly> const anomalies{anomaly_of("gone1", "shop::Gone::handle")};
    FixRun run(anomalies, analysis, config, strategies, model, "/nonexistent");
    auto const outcome = run.draft(anomalies[0]);
    EXPECT_FALSE(outcome.covered);
    EXPECT_FALSE(outcome.draft);
    ASSERT_EQ(outcome.reasons.size(), 1U);
    EXPECT_TRUE(outcome.reasons[0].starts_with("not located in the code")) << outcome.reasons[0];
}

} // namespace
} // namespace medic::pipeline
