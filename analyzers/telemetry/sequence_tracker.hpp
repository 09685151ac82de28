#pragma once
// Collects the steps of sequence runs as they stream in and counts the orders they ran in.

#include "analyzers/telemetry/run_index.hpp"
#include "bot/model/telemetry.hpp"

#include <list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace medic::telemetry {

/// Keeps runs open while they are active: a run closes once the input's clock has moved
/// `idle_timeout_ms` past its last step (like a session window), or when more than
/// `max_open_runs` are open (least recently active first). Memory thus follows the traffic in
/// flight, not the length of the input; a closed run adds one to the count of its order.
class SequenceTracker {
public:
    static constexpr std::size_t k_max_orders_per_sequence = 64;
    static constexpr std::size_t k_example_runs = 3;
    /// Steps kept per run: bounds memory when one run id is (mis)used for a whole stream.
    static constexpr std::size_t k_max_steps_per_run = 256;

    SequenceTracker(std::size_t max_open_runs, std::int64_t idle_timeout_ms);

    /// Adds a step to run `run` (created when new). `step` > 0 orders explicitly; otherwise
    /// `order_key` (a start time) does. `sequence` may be empty when only the run id is known.
    /// `handler` must outlive the tracker (the aggregator passes its own stable key).
    /// With `close_idle_now` false, runs the clock left behind stay open until close_idle().
    void add_step(std::string_view run, std::string_view sequence, std::int64_t step,
                  std::int64_t order_key, std::optional<std::int64_t> ts_ms,
                  std::string_view handler, bool failed, bool close_idle_now = true);
    /// Closes the runs the input's clock has moved `idle_timeout_ms` past.
    void close_idle();
    /// Names the sequence of an open run (OpenTelemetry: the parent span's name).
    void name_run(std::string_view run, std::string_view sequence);
    /// Names an open run and closes it at once (nothing happens when it is not open).
    void complete_run(std::string_view run, std::string_view sequence);
    [[nodiscard]] bool is_open(std::string_view run) const;

    /// Closes every open run and returns the sequences, each with its orders most frequent first.
    std::vector<SequenceStats> finish();
    /// What finish() would return now, with the open runs counted as closed, leaving them open.
    [[nodiscard]] std::vector<SequenceStats> snapshot() const;

private:
    struct Step {
        std::int64_t step = 0;
        std::int64_t order_key = 0;
        std::uint64_t arrival = 0;
        std::string_view handler;
    };
    struct OpenRun {
        std::string id;
        std::string sequence;
        std::vector<Step> steps;
        std::int64_t last_ts_ms = INT64_MIN;
        bool failed = false;
        bool truncated = false;
    };
    struct Counts {
        std::uint64_t runs = 0;
        std::uint64_t single_step_runs = 0;
        std::uint64_t truncated_runs = 0;
        std::uint64_t runs_in_other_orders = 0;
        std::map<std::vector<std::string>, SequenceOrder> orders;
    };
    using RunList = std::list<OpenRun>;
    using CountsBySequence = std::map<std::string, Counts, std::less<>>;
    /// Adds `run`'s order (its steps sorted) to `counts`.
    static void count(const OpenRun& run, CountsBySequence& counts);
    static std::string_view id_of(const RunList::iterator& run) { return run->id; }

    void close(RunList::iterator run);
    RunList::iterator touch(std::string_view run);

    std::size_t m_max_open_runs;
    std::int64_t m_idle_timeout_ms;
    std::int64_t m_clock_ms = INT64_MIN; ///< The latest timestamp seen.
    std::uint64_t m_arrivals = 0;
    RunList m_open; ///< Least recently active first.
    RunIndex<RunList::iterator, std::string_view (*)(const RunList::iterator&)> m_index{&id_of};
    CountsBySequence m_counts;
};

} // namespace medic::telemetry
