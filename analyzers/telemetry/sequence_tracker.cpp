#include "analyzers/telemetry/sequence_tracker.hpp"

#include <algorithm>

namespace medic::telemetry {

SequenceTracker::SequenceTracker(std::size_t max_open_runs, std::int64_t idle_timeout_ms)
    : m_max_open_runs(std::max<std::size_t>(max_open_runs, 1)), m_idle_timeout_ms(idle_timeout_ms) {
}

SequenceTracker::RunList::iterator SequenceTracker::touch(std::string_view run) {
    if (auto const* found = m_index.find(run)) {
        auto const open_run = *found;
        m_open.splice(m_open.end(), m_open, open_run); // now the most recently active
        return open_run;
    }
    if (m_open.size() >= m_max_open_runs)
        close(m_open.begin());
    m_open.push_back(OpenRun{std::string(run), {}, {}, INT64_MIN, false});
    auto const added = std::prev(m_open.end());
    m_index.insert(added->id, added);
    return added;
}

void SequenceTracker::close_idle() {
    // The run that just got a step (the last) is not idle, however far behind the clock its
    // time is: requests that arrive out of order (exporters send batches concurrently) carry
    // runs older than the clock.
    while (m_open.size() > 1 && m_open.front().last_ts_ms != INT64_MIN &&
           m_open.front().last_ts_ms < m_clock_ms - m_idle_timeout_ms)
        close(m_open.begin());
}

void SequenceTracker::add_step(std::string_view run, std::string_view sequence, std::int64_t step,
                               std::int64_t order_key, std::optional<std::int64_t> ts_ms,
                               std::string_view handler, bool failed, bool close_idle_now) {
    auto const open_run = touch(run);
    if (!sequence.empty() && open_run->sequence.empty())
        open_run->sequence = sequence;
    if (open_run->steps.size() < k_max_steps_per_run)
        open_run->steps.push_back({step, order_key, m_arrivals++, handler});
    else
        open_run->truncated = true;
    open_run->failed = open_run->failed || failed;
    if (ts_ms) {
        open_run->last_ts_ms = std::max(open_run->last_ts_ms, *ts_ms);
        m_clock_ms = std::max(m_clock_ms, *ts_ms);
        if (close_idle_now)
            close_idle();
    }
}

void SequenceTracker::name_run(std::string_view run, std::string_view sequence) {
    if (auto const* found = m_index.find(run))
        (*found)->sequence = sequence;
}

void SequenceTracker::complete_run(std::string_view run, std::string_view sequence) {
    if (auto const* found = m_index.find(run)) {
        auto const open_run = *found;
        open_run->sequence = sequence;
        close(open_run);
    }
}

bool SequenceTracker::is_open(std::string_view run) const {
    return m_index.find(run) != nullptr;
}

void SequenceTracker::count(const OpenRun& run, CountsBySequence& counts) {
    if (!run.sequence.empty() && run.steps.size() == 1)
        ++counts[run.sequence].single_step_runs;
    if (run.sequence.empty() || run.steps.size() < 2)
        return;
    auto steps = run.steps;
    bool const numbered =
        std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.step > 0; });
    std::stable_sort(steps.begin(), steps.end(), [numbered](const Step& a, const Step& b) {
        if (numbered)
            return a.step < b.step;
        return a.order_key != b.order_key ? a.order_key < b.order_key : a.arrival < b.arrival;
    });
    std::vector<std::string> order;
    order.reserve(steps.size());
    for (auto const& step : steps)
        order.emplace_back(step.handler);
    auto& sequence = counts[run.sequence];
    ++sequence.runs;
    sequence.truncated_runs += run.truncated ? 1 : 0;
    auto it = sequence.orders.find(order);
    if (it == sequence.orders.end() && sequence.orders.size() >= k_max_orders_per_sequence) {
        ++sequence.runs_in_other_orders;
        return;
    }
    auto& entry = sequence.orders[order];
    entry.steps = std::move(order);
    ++entry.runs;
    entry.failed_runs += run.failed ? 1 : 0;
    if (entry.example_runs.size() < k_example_runs)
        entry.example_runs.push_back(run.id);
}

void SequenceTracker::close(RunList::iterator run) {
    count(*run, m_counts);
    m_index.erase(run->id);
    m_open.erase(run);
}

std::vector<SequenceStats> SequenceTracker::finish() {
    while (!m_open.empty())
        close(m_open.begin());
    auto sequences = snapshot();
    m_counts.clear();
    return sequences;
}

std::vector<SequenceStats> SequenceTracker::snapshot() const {
    // The open runs counted as if they closed now, on a copy: the tracking goes on.
    auto counts = m_counts;
    for (auto const& run : m_open)
        count(run, counts);
    std::vector<SequenceStats> sequences;
    for (auto& [name, sequence] : counts) {
        SequenceStats stats{name,
                            sequence.runs,
                            {},
                            sequence.single_step_runs,
                            sequence.truncated_runs,
                            sequence.runs_in_other_orders};
        for (auto& [order, entry] : sequence.orders)
            stats.orders.push_back(std::move(entry));
        std::stable_sort(
            stats.orders.begin(), stats.orders.end(),
            [](const SequenceOrder& a, const SequenceOrder& b) { return a.runs > b.runs; });
        sequences.push_back(std::move(stats));
    }
    return sequences;
}

} // namespace medic::telemetry
