#pragma once
// Live telemetry of one service: OTLP/JSON requests (an exporter's POST /v1/traces and
// /v1/logs bodies) taken in as they arrive, aggregated incrementally — memory bounded like a
// file's ingest, by handlers, windows, templates and open runs — and summarised at any moment
// without stopping. The summary is what ingest would give for a file holding the same requests
// one per line (the live intake's spool), so detection on it finds the same anomalies.
// Not thread-safe: one caller at a time (the server holds a lock per repository).

#include "analyzers/telemetry/aggregator.hpp"
#include "analyzers/telemetry/otlp_logs_parser.hpp"
#include "analyzers/telemetry/otlp_parser.hpp"
#include "analyzers/telemetry/redactor.hpp"
#include "bot/model/config.hpp"
#include "bot/model/result.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace medic::telemetry {

/// The two OTLP signals Medic reads.
enum class OtlpSignal { traces, logs };

/// What one request gave: records taken in, records refused, and why.
struct LiveOutcome {
    bool request = false; ///< The body was an OTLP request of the signal (even an empty one).
    std::size_t accepted = 0;
    std::size_t rejected = 0; ///< Spans or log records that could not be used.
    std::string problem;      ///< The first reason, redacted; empty when all were taken.
};

class LiveTelemetry {
public:
    static Result<std::unique_ptr<LiveTelemetry>> create(const TelemetryConfig& config);
    LiveTelemetry(const LiveTelemetry&) = delete;
    LiveTelemetry& operator=(const LiveTelemetry&) = delete;
    ~LiveTelemetry();

    /// Takes one request body of `signal` in. A body that is no request of that signal changes
    /// nothing (request == false, with the reason).
    LiveOutcome add(OtlpSignal signal, std::string_view body);
    /// The summary of everything taken in so far; the aggregation goes on.
    [[nodiscard]] TelemetrySummary snapshot() const;
    /// Spans and log records taken in so far.
    [[nodiscard]] std::uint64_t records() const;
    /// What each signal's requests brought: traces first, then logs.
    [[nodiscard]] const std::vector<SourceStats>& sources() const { return m_stats.sources; }
    /// How many handlers' statistics so far `test` holds for.
    [[nodiscard]] std::size_t
    count_handlers(const std::function<bool(const HandlerStats&)>& test) const {
        return m_aggregator.count_handlers(test);
    }

private:
    explicit LiveTelemetry(const TelemetryConfig& config, Redactor redactor);
    SourceStats& source(OtlpSignal signal);
    void count_malformed(OtlpSignal signal, std::size_t count, std::string reason);

    TelemetryConfig m_config;
    Redactor m_redactor;
    Aggregator m_aggregator;
    std::unique_ptr<OtlpParser> m_spans;
    std::unique_ptr<OtlpLogsParser> m_logs;
    IngestStats m_stats;
    std::uint64_t m_requests[2] = {0, 0};
    std::string m_padded; ///< The body with simdjson's padding after it.
};

std::string_view to_string(OtlpSignal signal);

} // namespace medic::telemetry
