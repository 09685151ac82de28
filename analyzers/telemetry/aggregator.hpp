#pragma once
// Turns a stream of records into a TelemetrySummary in memory bounded by the number of
// handlers, windows, templates and open runs, never by the number of records.

#include "analyzers/telemetry/records.hpp"
#include "analyzers/telemetry/redactor.hpp"
#include "analyzers/telemetry/sequence_tracker.hpp"
#include "analyzers/telemetry/string_hash.hpp"
#include "analyzers/telemetry/template_miner.hpp"
#include "bot/model/config.hpp"

#include <functional>
#include <map>

namespace medic::telemetry {

/// Accumulates per-handler statistics, windows, examples, sequence runs and error templates.
class Aggregator {
public:
    Aggregator(const TelemetryConfig& config, const Redactor& redactor);

    /// Takes one call in; returns why it was refused (a duration that is negative, not finite,
    /// or over telemetry.max_duration), or nullopt.
    [[nodiscard]] std::optional<std::string> add_call(const CallRecord& call);
    void add_log(const LogRecord& log);
    /// Names an open sequence run (see SequenceTracker::name_run).
    void name_run(std::string_view run, std::string_view sequence);
    /// Names an open sequence run and closes it: no step of it can follow (its parent ended).
    void complete_run(std::string_view run, std::string_view sequence);
    [[nodiscard]] bool is_run_open(std::string_view run) const;
    /// Closes the sequence runs the clock left idle (after a batched request: CallRecord::batched).
    void close_idle_runs();

    /// The summary; `ingest` is the caller's accounting of what was read. Ends the aggregation.
    TelemetrySummary finish(IngestStats ingest);
    /// The summary finish() would give now (open sequence runs counted as closed), while the
    /// aggregation goes on: live telemetry is judged as it grows. Costs the handlers, windows,
    /// templates and open runs held, never the records taken in.
    [[nodiscard]] TelemetrySummary snapshot(IngestStats ingest) const;
    /// How many handlers' statistics so far (windows aside) `test` holds for.
    [[nodiscard]] std::size_t
    count_handlers(const std::function<bool(const HandlerStats&)>& test) const;

private:
    struct HandlerState {
        HandlerStats stats;
        std::map<std::int64_t, WindowStats> windows;
        WindowStats* last_window = nullptr;
        std::uint64_t examples_seen = 0;
    };
    struct TemplateKey {
        std::string handler;
        std::size_t cluster = 0;
        auto operator<=>(const TemplateKey&) const = default;
    };

    /// The handler's state; nullptr when it is new and telemetry.max_handlers are kept already.
    HandlerState* state_for(std::string_view handler, SampleSource source);
    /// Hides secrets in every name the summary carries (handlers, sequences, steps, run ids);
    /// how many it hid.
    std::uint64_t redact_names(TelemetrySummary& summary) const;
    WindowStats& window_for(HandlerState& state, std::int64_t ts_ms);
    void widen_windows(HandlerState& state);
    void sample_example(HandlerState& state, const CallRecord& call);
    static void learn_names(HandlerNames& names, const NameViews& views);
    void record_error_message(std::string_view handler, std::string_view message,
                              std::optional<std::int64_t> ts_ms);
    std::uint64_t next_random();

    const TelemetryConfig& m_config;
    const Redactor& m_redactor;
    StringMap<HandlerState> m_handlers;
    HandlerState* m_last_handler = nullptr;
    SequenceTracker m_sequences;
    TemplateMiner m_templates;
    std::map<TemplateKey, ErrorTemplate> m_template_counts;
    std::uint64_t m_error_messages_dropped = 0;
    std::uint64_t m_random_state = 0x9e3779b97f4a7c15ULL;
    std::int64_t m_first_ts = INT64_MAX;
    std::int64_t m_last_ts = INT64_MIN;
    std::uint64_t m_log_lines = 0;
    std::uint64_t m_redactions = 0;
    std::string m_run_key; ///< Reused buffer for "sequence\x1frun".
};

} // namespace medic::telemetry
