#include "analyzers/telemetry/aggregator.hpp"
#include "analyzers/telemetry/sequence_tracker.hpp"
#include "bot/model/time.hpp"
#include "tests/telemetry/ingest_helpers.hpp"

namespace medic {
namespace {

using telemetry::Aggregator;
using telemetry::CallRecord;

struct AggregatorFixture : ::testing::Test {
    TelemetryConfig config;
    telemetry::Redactor redactor = std::move(*telemetry::Redactor::create({}));

    CallRecord call(std::string_view handler, double ms, std::int64_t ts) {
        CallRecord record;
        record.handler = handler;
        record.duration_ms = ms;
        record.ts_ms = ts;
        return record;
    }
};

TEST_F(AggregatorFixture, WindowsSplitByTimeAndWidenPastTheLimit) {
    config.window_ms = 60'000;
    config.max_windows = 8;
    Aggregator aggregator(config, redactor);
    for (int minute = 0; minute < 100; ++minute)
        aggregator.add_call(call("h", 1.0 + minute, minute * 60'000LL));
    auto const summary = aggregator.finish({});
    auto const& handler = summary.handlers.at(0);
    EXPECT_LE(handler.windows.size(), config.max_windows);
    EXPECT_EQ(handler.window_ms, 60'000 * 16); // doubled four times: 100 minutes / 16 <= 8
    std::uint64_t total = 0;
    for (auto const& window : handler.windows) {
        total += window.count;
        EXPECT_EQ(window.start_ms % handler.window_ms, 0);
    }
    EXPECT_EQ(total, 100u);
}

TEST_F(AggregatorFixture, ReservoirKeepsAFixedNumberOfUniformExamples) {
    config.reservoir_size = 8;
    Aggregator aggregator(config, redactor);
    for (int i = 0; i < 10'000; ++i) {
        auto record = call("h", 1.0, i);
        std::string const attrs = "{\"i\":" + std::to_string(i) + "}";
        record.attrs = attrs;
        record.attrs_shape = telemetry::AttrsShape::json_object;
        aggregator.add_call(record);
    }
    auto const summary = aggregator.finish({});
    auto const& examples = summary.handlers.at(0).examples;
    ASSERT_EQ(examples.size(), 8u);
    // Uniform sampling keeps mostly late calls once 10,000 have passed (first 8 kept is ~0 chance).
    int late = 0;
    for (auto const& example : examples)
        late += example.ts_ms >= 8 ? 1 : 0;
    EXPECT_GE(late, 7);
}

TEST_F(AggregatorFixture, OpenRunsAreBoundedAndStillCounted) {
    config.max_open_runs = 4;
    Aggregator aggregator(config, redactor);
    // 100 interleaved runs of a two-step sequence: at most 4 stay open at once.
    for (int run = 0; run < 100; ++run) {
        auto const id = "r-" + std::to_string(run);
        auto first = call("validate", 0.1, run);
        first.sequence = "checkout";
        first.run = id;
        first.step = 1;
        aggregator.add_call(first);
        auto second = first;
        second.handler = "charge";
        second.step = 2;
        aggregator.add_call(second);
    }
    auto const summary = aggregator.finish({});
    ASSERT_EQ(summary.sequences.size(), 1u);
    EXPECT_EQ(summary.sequences[0].runs, 100u);
    EXPECT_EQ(summary.sequences[0].orders[0].steps,
              (std::vector<std::string>{"validate", "charge"}));
}

TEST_F(AggregatorFixture, StepsAreOrderedByStepNumberNotArrival) {
    Aggregator aggregator(config, redactor);
    constexpr std::string_view k_names[] = {"", "a", "b", "c"};
    for (int step : {3, 1, 2}) {
        auto record = call(k_names[step], 1, 0);
        record.sequence = "seq";
        record.run = "r";
        record.step = step;
        aggregator.add_call(record);
    }
    auto const summary = aggregator.finish({});
    EXPECT_EQ(summary.sequences.at(0).orders.at(0).steps,
              (std::vector<std::string>{"a", "b", "c"}));
}

} // namespace
} // namespace medic

namespace medic::telemetry {
namespace {

TEST(SequenceTracker, RunsCloseOnceTheInputClockPassesTheirIdleTimeout) {
    SequenceTracker tracker(1000, 60'000);
    tracker.add_step("r-1", "checkout", 1, 0, 0, "validate", false);
    tracker.add_step("r-1", "checkout", 2, 0, 10, "charge", false);
    tracker.add_step("r-2", "checkout", 1, 0, 30'000, "validate", false);
    EXPECT_TRUE(tracker.is_open("r-1"));
    tracker.add_step("r-3", "checkout", 1, 0, 61'000, "validate", false);
    EXPECT_FALSE(tracker.is_open("r-1")) << "idle for over a minute of input time";
    EXPECT_TRUE(tracker.is_open("r-2"));
    auto const sequences = tracker.finish();
    ASSERT_EQ(sequences.size(), 1u);
    EXPECT_EQ(sequences[0].orders.at(0).steps, (std::vector<std::string>{"validate", "charge"}));
}

} // namespace
} // namespace medic::telemetry

namespace medic::telemetry {
namespace {

TEST(SequenceTracker, RunsSplitByClockSkewAreCountedNotLost) {
    // Host B's clock is 10 minutes behind host A's; the idle timeout is 5 minutes. B's run
    // looks idle as soon as A's next event arrives, so it is closed half way.
    SequenceTracker tracker(1000, 5 * 60'000);
    tracker.add_step("b-1", "checkout", 1, 0, 0, "validate", false);           // host B
    tracker.add_step("a-1", "checkout", 1, 0, 10 * 60'000, "validate", false); // host A
    tracker.add_step("b-1", "checkout", 2, 0, 1'000, "charge", false);         // host B again
    auto const sequences = tracker.finish();
    ASSERT_EQ(sequences.size(), 1u);
    EXPECT_EQ(sequences[0].runs, 0u);
    EXPECT_EQ(sequences[0].single_step_runs, 3u) << "b-1 was split in two, a-1 has one step";
}

TEST(SequenceTracker, OneRunIdUsedForAWholeStreamStaysBounded) {
    SequenceTracker tracker(10, 60'000);
    for (int i = 0; i < 10'000; ++i)
        tracker.add_step("same", "seq", 0, i, std::nullopt, i % 2 ? "a" : "b", false);
    auto const sequences = tracker.finish();
    ASSERT_EQ(sequences.size(), 1u);
    EXPECT_EQ(sequences[0].truncated_runs, 1u);
    EXPECT_EQ(sequences[0].orders.at(0).steps.size(), SequenceTracker::k_max_steps_per_run);
}

} // namespace
} // namespace medic::telemetry
