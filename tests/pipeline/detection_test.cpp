// The detect stage both `medic detect` and the run use: a baseline's failure says it is the
// baseline's, the report is stamped with the injected clock, and an input nothing came from is
// named (the baseline's too).

#include "bot/model/config.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/detection.hpp"
#include "tests/code/project.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace medic::pipeline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr auto k_calls =
    R"({"ts":"2026-11-20T00:00:00.000Z","handler":"shop::cart","duration_ms":5,"status":"ok"}
{"ts":"2026-11-20T00:00:01.000Z","handler":"shop::cart","duration_ms":6,"status":"ok"}
)";

class DetectionTest : public ::testing::Test {
protected:
    std::string file(const std::string& name, const std::string& text) {
        auto const path = m_dir.path() / name;
        EXPECT_TRUE(write_text_file(path, text));
        return path.string();
    }
    static void no_progress(std::string_view) {}

    test::TempDir m_dir;
    MedicConfig m_config;
};

TEST_F(DetectionTest, ABaselinesFailureSaysItIsTheBaselines) {
    auto read =
        read_telemetry_inputs({file("now.jsonl", k_calls)},
                              {(m_dir.path() / "missing.jsonl").string()}, m_config, no_progress);
    ASSERT_FALSE(read);
    EXPECT_THAT(read.error().message, StartsWith("baseline: "));
}

TEST_F(DetectionTest, TheReportCarriesTheInputsTheClockAndBothIngests) {
    auto read = read_telemetry_inputs({file("now.jsonl", k_calls)}, {file("before.jsonl", k_calls)},
                                      m_config, no_progress);
    ASSERT_TRUE(read) << read.error().message;
    test::ManualClock clock(std::chrono::sys_days{std::chrono::year{2026} / 12 / 6} +
                            std::chrono::hours{9});
    auto const report = anomaly_report(*read, {}, clock);
    EXPECT_EQ(report.generated_at, "2026-12-06T09:00:00.000Z");
    EXPECT_THAT(report.source, HasSubstr("now.jsonl"));
    EXPECT_FALSE(report.ingest.is_null());
    EXPECT_FALSE(report.baseline_ingest.is_null());
    EXPECT_EQ(unread_inputs(*read), "");
}

TEST_F(DetectionTest, InputsNothingCameFromAreNamedTheBaselinesToo) {
    auto read = read_telemetry_inputs(
        {file("now.jsonl", k_calls), file("now-bad.jsonl", "not telemetry at all\n")},
        {file("before.jsonl", k_calls), file("before-bad.jsonl", "nor this\n")}, m_config,
        no_progress);
    ASSERT_TRUE(read) << read.error().message;
    auto const unread = unread_inputs(*read);
    EXPECT_THAT(unread, StartsWith((m_dir.path() / "now-bad.jsonl").string() + ": "));
    EXPECT_THAT(unread,
                HasSubstr("; the baseline's " + (m_dir.path() / "before-bad.jsonl").string()));
    EXPECT_THAT(unread, Not(HasSubstr("now.jsonl:")));
    EXPECT_TRUE(anomaly_report(*read, {}, wall_clock()).baseline_ingest.is_object());
}

TEST_F(DetectionTest, AWindowIsADuration) {
    ASSERT_TRUE(set_window(m_config, "10m"));
    EXPECT_EQ(m_config.telemetry.window_ms, 600'000);
    for (auto const* bad : {"ten minutes", "0s", "-5m"}) {
        auto const set = set_window(m_config, bad);
        ASSERT_FALSE(set) << bad;
        EXPECT_THAT(set.error().message, HasSubstr("is not a duration like 10m"));
    }
    EXPECT_EQ(m_config.telemetry.window_ms, 600'000);
}

// Busy handlers are located with the tests that call them; a quiet one is not looked for, and
// one that is not in the code is said to be unknown rather than passed over.
TEST_F(DetectionTest, BusyHandlersAreLocatedAndTheMissingOnesSaid) {
    test::Project project;
    project.add("src/shop.cpp", "namespace shop { int cart(int n) { return n + 1; } }\n");
    project.add("tests/shop_test.cpp",
                "namespace shop { int cart(int n); }\nint main() { return shop::cart(1) - 2; }\n");
    project.write_database();
    std::string calls = k_calls;
    for (int i = 0; i < 5; ++i)
        calls += R"({"ts":"2026-11-20T00:00:02.000Z","handler":"shop::gone","duration_ms":5})"
                 "\n";
    calls += R"({"ts":"2026-11-20T00:00:02.000Z","handler":"shop::quiet","duration_ms":5})"
             "\n";
    auto read = read_telemetry_inputs({file("now.jsonl", calls)}, {}, m_config, no_progress);
    ASSERT_TRUE(read) << read.error().message;
    m_config.detect.untested.min_count = 2;
    std::vector<std::string> warnings;
    auto const sites = locate_busy_handlers(
        {project.root(), {}, 2, {}}, read->current, m_config,
        [&warnings](std::string_view warning) { warnings.emplace_back(warning); });
    ASSERT_TRUE(sites);
    ASSERT_EQ(sites->size(), 1u);
    EXPECT_EQ((*sites)[0].handler, "shop::cart");
    EXPECT_EQ((*sites)[0].test_files, std::vector<std::string>{"tests/shop_test.cpp"});
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("shop::gone was not located in the code"));
}

} // namespace
} // namespace medic::pipeline
