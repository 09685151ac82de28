// medic fix's line per anomaly: the draft's provenance and files, or every reason there is none.

#include "bot/views/draft_view.hpp"

#include <gtest/gtest.h>

namespace medic::views {
namespace {

TEST(DraftViewTest, ADraftShowsWhoMadeItHowSureAndWhatItTouches) {
    Anomaly anomaly;
    anomaly.id = "abc123";
    anomaly.handler = "shop::search";
    PatchDraft draft = draft_for(anomaly);
    draft.strategy = Strategy::rules;
    draft.fixer = "perf-regex-in-loop";
    draft.confidence = 0.9;
    draft.files = {"src/a.cpp", "src/b.cpp"};
    draft.root_cause = "regex per call";
    EXPECT_EQ(render_draft_outcome(anomaly, &draft, {"ignored"}, Terminal(stdout, stderr, false)),
              "abc123  slow  shop::search\n    draft by rules/perf-regex-in-loop, confidence "
              "0.90, touches src/a.cpp, src/b.cpp\n    regex per call\n");
}

TEST(DraftViewTest, NoDraftListsEveryReasonAndASequenceStandsForItsHandler) {
    Anomaly anomaly;
    anomaly.id = "def456";
    anomaly.kind = AnomalyKind::misordered;
    anomaly.sequence = "checkout";
    EXPECT_EQ(render_draft_outcome(anomaly, nullptr, {"no rule", "no model configured"},
                                   Terminal(stdout, stderr, false)),
              "def456  misordered  checkout\n    no draft\n    - no rule\n    - no model "
              "configured\n");
}

} // namespace
} // namespace medic::views
