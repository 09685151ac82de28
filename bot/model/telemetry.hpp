#pragma once
// TelemetrySummary: what the ingest stage hands to the detectors. Plain data, JSON-able.

#include "bot/model/handler_names.hpp"
#include "bot/model/quantile_sketch.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medic {

/// Where the OpenTelemetry `code.*` attributes say a handler lives.
struct CodeLocation {
    std::string function;
    std::string filepath;
    std::int64_t lineno = 0;
};

/// Latency and errors of one handler in one time window.
struct WindowStats {
    std::int64_t start_ms = 0; ///< Unix time of the window's start, milliseconds.
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    double sum_ms = 0;
    QuantileSketch latency_ms;
};

/// One recorded call kept as an example input (attributes already redacted).
struct ExampleInput {
    std::int64_t ts_ms = 0;
    double duration_ms = 0;
    bool error = false;
    std::string attrs_json; ///< The call's attributes as a JSON object text.
};

/// Where a handler's numbers came from: request telemetry or a benchmark run.
enum class SampleSource { events, benchmark };

/// Everything Medic keeps about one handler; memory does not grow with the input.
struct HandlerStats {
    std::string handler; ///< Its id: the route, RPC or function telemetry names it by.
    HandlerNames names;  ///< Every other name telemetry gave it (SPEC "Handler identity").
    SampleSource source = SampleSource::events;
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    double sum_ms = 0;
    double min_ms = 0;
    double max_ms = 0;
    QuantileSketch latency_ms;
    std::int64_t window_ms = 0;         ///< Width of each entry of `windows` (may be widened).
    std::vector<WindowStats> windows;   ///< Ascending by start, only windows with calls.
    std::vector<ExampleInput> examples; ///< Uniform sample of calls (reservoir).
    std::optional<CodeLocation> code;
};

/// One distinct order in which a sequence's steps ran, with how often and how it went.
struct SequenceOrder {
    std::vector<std::string> steps;
    std::uint64_t runs = 0;
    std::uint64_t failed_runs = 0;         ///< Runs with at least one failed step.
    std::vector<std::string> example_runs; ///< A few run ids, for the evidence.
};

/// The observed orders of one sequence (e.g. checkout), most frequent first.
struct SequenceStats {
    std::string name;
    std::uint64_t runs = 0; ///< Runs with two or more steps, counted in `orders`.
    std::vector<SequenceOrder> orders;
    /// Runs seen with one step: stopped at their first step, or split because hosts' clocks
    /// differ by more than telemetry.run_idle_timeout. Not counted in `runs`.
    std::uint64_t single_step_runs = 0;
    /// Runs with more steps than Medic keeps per run (the first ones decide their order).
    std::uint64_t truncated_runs = 0;
    /// Runs in orders beyond the first 64 distinct ones (counted in `runs`, not in `orders`).
    std::uint64_t runs_in_other_orders = 0;
};

/// A group of error messages that share a template (Drain), per handler.
struct ErrorTemplate {
    std::string handler;
    std::string pattern; ///< Tokens with variable parts replaced by `<*>`.
    std::uint64_t count = 0;
    std::string example; ///< One message of the group, redacted.
    std::int64_t first_seen_ms = 0;
    std::int64_t last_seen_ms = 0;
};

/// A line that could not be read, kept with its place so a person can look at it.
struct MalformedLine {
    std::string source;
    std::uint64_t line = 0;
    std::string reason;
};

/// What was read from one input and how that went.
struct SourceStats {
    std::string path;
    std::string format;      ///< medic-jsonl, otlp-json, json-log, text-log, gbench-json.
    std::uint64_t bytes = 0; ///< Uncompressed bytes read.
    std::uint64_t lines = 0;
    std::uint64_t records = 0;   ///< Events, spans, log lines or benchmark runs taken in.
    std::uint64_t malformed = 0; ///< Lines, or OTLP spans, that could not be used.
    /// OTLP spans of outgoing calls (CLIENT, PRODUCER): time spent waiting on another service,
    /// not a handler of this one, so read and set aside.
    std::uint64_t outgoing_spans = 0;
    /// OTLP parent spans that only name their children's sequence run (a checkout of steps).
    std::uint64_t envelope_spans = 0;
    std::string error; ///< Set when the input could not be read to its end.
};

/// The accounting of one ingest: nothing read is lost without a trace here.
struct IngestStats {
    std::vector<SourceStats> sources;
    std::uint64_t malformed_total = 0;
    std::vector<MalformedLine> malformed; ///< The first `k_max_malformed_kept` of them.
    std::uint64_t redactions = 0;
    /// Error messages not grouped because telemetry.max_error_templates groups per handler
    /// (times 4, over all handlers) were held already.
    std::uint64_t error_messages_dropped = 0;
    static constexpr std::size_t k_max_malformed_kept = 200;
};

/// The ingest stage's output: per-handler statistics, sequence runs, error groups.
struct TelemetrySummary {
    std::int64_t first_ts_ms = 0;
    std::int64_t last_ts_ms = 0;
    std::vector<HandlerStats> handlers;         ///< Sorted by handler name.
    std::vector<SequenceStats> sequences;       ///< Sorted by sequence name.
    std::vector<ErrorTemplate> error_templates; ///< Most frequent first.
    std::uint64_t log_lines = 0;
    IngestStats ingest;
};

/// The handler whose id is `id`, or nullptr.
const HandlerStats* find_handler(const TelemetrySummary& summary, std::string_view id);

/// The handler of `summary` that is `other`: the same id, else one known by `other`'s route, RPC,
/// topic, function or span name (in that order); nullptr when none is.
const HandlerStats* find_same_handler(const TelemetrySummary& summary, const HandlerStats& other);

/// The id of the handler known as `name` (its id or any of its names), or `name` itself when no
/// handler of `summary` is.
std::string handler_id_for(const TelemetrySummary& summary, std::string_view name);

} // namespace medic
