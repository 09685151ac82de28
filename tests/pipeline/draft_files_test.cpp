// A draft left by `medic fix` comes back whole for `medic validate`: the .json carries its
// anomaly, a .diff is matched to its report by name, and a draft that names another anomaly
// than the one it carries is refused.

#include "bot/model/json.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/draft_files.hpp"
#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace medic::pipeline {
namespace {

using ::testing::HasSubstr;

Anomaly slow_anomaly(std::string id) {
    Anomaly anomaly;
    anomaly.id = std::move(id);
    anomaly.handler = "shop::search";
    anomaly.summary = "shop::search is slow";
    return anomaly;
}

PatchDraft draft_of(const Anomaly& anomaly) {
    auto draft = draft_for(anomaly);
    draft.strategy = Strategy::rules;
    draft.fixer = "perf-regex-in-loop";
    draft.diff = "diff --git a/src/a.cpp b/src/a.cpp\n";
    return draft;
}

class DraftFilesTest : public ::testing::Test {
protected:
    [[nodiscard]] std::string report_with(const Anomaly& anomaly) const {
        AnomalyReport report;
        report.anomalies = {anomaly};
        auto const path = m_dir.path() / "anomalies.json";
        EXPECT_TRUE(write_text_file(path, to_json_text(report, 2)));
        return path.string();
    }

    test::TempDir m_dir;
};

TEST_F(DraftFilesTest, AJsonDraftComesBackWithItsAnomalyAndNoReport) {
    auto const anomaly = slow_anomaly("abc123");
    ASSERT_TRUE(write_draft_files(m_dir.path(), draft_of(anomaly), anomaly));
    EXPECT_EQ(read_text_file(m_dir.path() / "abc123.diff"), draft_of(anomaly).diff);
    auto read = read_draft_file((m_dir.path() / "abc123.json").string(), "");
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->first.summary, "shop::search is slow");
    EXPECT_EQ(read->second.fixer, "perf-regex-in-loop");
    EXPECT_EQ(read->second.diff, draft_of(anomaly).diff);
}

TEST_F(DraftFilesTest, ADiffIsAManualDraftForTheAnomalyItIsNamedAfter) {
    auto const report = report_with(slow_anomaly("abc123"));
    auto const diff = m_dir.path() / "abc123.diff";
    ASSERT_TRUE(write_text_file(diff, "diff --git a/x b/x\n"));
    auto read = read_draft_file(diff.string(), report);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->first.id, "abc123");
    EXPECT_EQ(read->second.strategy, Strategy::manual);
    EXPECT_EQ(read->second.diff, "diff --git a/x b/x\n");

    auto without_report = read_draft_file(diff.string(), "");
    ASSERT_FALSE(without_report);
    EXPECT_THAT(without_report.error().message, HasSubstr("needs --anomalies"));
    auto unknown = read_draft_file(diff.string(), report_with(slow_anomaly("other1")));
    ASSERT_FALSE(unknown);
    EXPECT_THAT(unknown.error().message, HasSubstr("has no anomaly abc123"));
}

TEST_F(DraftFilesTest, ADraftCarryingAnotherAnomalyIsRefused) {
    auto const anomaly = slow_anomaly("abc123");
    ASSERT_TRUE(write_draft_files(m_dir.path(), draft_of(anomaly), slow_anomaly("zzz999")));
    auto read = read_draft_file((m_dir.path() / "abc123.json").string(), "");
    ASSERT_FALSE(read);
    EXPECT_THAT(read.error().message, HasSubstr("but carries anomaly zzz999"));
}

TEST_F(DraftFilesTest, AnIdThatIsNotAFingerprintIsNeverAFileName) {
    auto const anomaly = slow_anomaly("../../etc/x");
    auto written = write_draft_files(m_dir.path(), draft_of(anomaly), anomaly);
    ASSERT_FALSE(written);
    EXPECT_THAT(written.error().message, HasSubstr("not a Medic fingerprint"));
}

} // namespace
} // namespace medic::pipeline
