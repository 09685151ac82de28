#include "analyzers/anomaly/untested_detector.hpp"
#include "tests/anomaly/summary_builder.hpp"

namespace medic {
namespace {

CodeSite site(std::string handler, std::vector<std::string> tests) {
    CodeSite s;
    s.handler = handler;
    s.qualified_name = handler;
    s.definition = {"src/a.cpp", 10, 1, 20, 1};
    s.test_files = std::move(tests);
    return s;
}

TEST(UntestedDetector, AHotHandlerNoTestCallsIsReported) {
    auto const summary =
        test::summary_of({test::handler("hot", 500, 1, 2), test::handler("other", 500, 1, 2)});
    std::vector<CodeSite> code{site("hot", {}), site("other", {"tests/other_test.cpp"})};
    MedicConfig config;
    auto const found = anomaly::UntestedDetector{}.detect({summary, nullptr, config, &code});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].kind, AnomalyKind::untested);
    EXPECT_EQ(found[0].handler, "hot");
    EXPECT_NE(found[0].summary.find("src/a.cpp:10"), std::string::npos);
}

TEST(UntestedDetector, ColdOrTestedHandlersAndNoCodeFactsGiveNothing) {
    auto const summary =
        test::summary_of({test::handler("cold", 3, 1, 2), test::handler("big", 10'000, 1, 2)});
    std::vector<CodeSite> code{site("cold", {}), site("big", {"tests/big_test.cpp"})};
    MedicConfig config;
    EXPECT_TRUE(anomaly::UntestedDetector{}.detect({summary, nullptr, config, &code}).empty());
    EXPECT_TRUE(anomaly::UntestedDetector{}.detect({summary, nullptr, config, nullptr}).empty());
}

} // namespace
} // namespace medic
