#include "analyzers/telemetry/live_telemetry.hpp"

#include "analyzers/telemetry/line_reader.hpp"

#include <simdjson.h>

namespace medic::telemetry {

std::string_view to_string(OtlpSignal signal) {
    return signal == OtlpSignal::traces ? "traces" : "logs";
}

Result<std::unique_ptr<LiveTelemetry>> LiveTelemetry::create(const TelemetryConfig& config) {
    MEDIC_TRY(redactor, Redactor::create(config.redact_patterns));
    return std::unique_ptr<LiveTelemetry>(new LiveTelemetry(config, std::move(*redactor)));
}

LiveTelemetry::LiveTelemetry(const TelemetryConfig& config, Redactor redactor)
    : m_config(config), m_redactor(std::move(redactor)), m_aggregator(m_config, m_redactor),
      m_spans(make_otlp_parser(m_aggregator)), m_logs(make_otlp_logs_parser(m_aggregator)) {
    // Named like the files ingest reads, one source per signal: a malformed record's "line" is
    // the request's number, which is its line in the spool.
    for (auto const signal : {OtlpSignal::traces, OtlpSignal::logs}) {
        auto& stats = m_stats.sources.emplace_back();
        stats.path = "POST /v1/" + std::string(to_string(signal));
        stats.format = signal == OtlpSignal::traces ? "otlp-json" : "otlp-logs-json";
    }
}

LiveTelemetry::~LiveTelemetry() = default;

SourceStats& LiveTelemetry::source(OtlpSignal signal) {
    return m_stats.sources[signal == OtlpSignal::traces ? 0 : 1];
}

void LiveTelemetry::count_malformed(OtlpSignal signal, std::size_t count, std::string reason) {
    source(signal).malformed += count;
    m_stats.malformed_total += count;
    if (m_stats.malformed.size() >= IngestStats::k_max_malformed_kept)
        return;
    m_stats.redactions += m_redactor.redact(reason);
    auto const number = m_requests[signal == OtlpSignal::traces ? 0 : 1];
    m_stats.malformed.push_back({source(signal).path, number, std::move(reason)});
}

LiveOutcome LiveTelemetry::add(OtlpSignal signal, std::string_view body) {
    LiveOutcome outcome;
    auto& stats = source(signal);
    if (signal == OtlpSignal::traces) {
        m_padded.assign(body).append(LineReader::k_padding, '\0');
        // The span reader keeps what precedes a break, as a file's cut-off line deserves; a
        // request is whole or refused (its exporter learns so), so it is checked whole first.
        thread_local simdjson::dom::parser whole;
        simdjson::dom::element root;
        if (auto const error = whole.parse(m_padded.data(), body.size(), false).get(root)) {
            outcome.problem =
                std::string("not a whole JSON document: ") + simdjson::error_message(error);
            return outcome;
        }
        // proto3 JSON leaves an empty list out: `{}` is an export of nothing.
        if (simdjson::dom::object members;
            root.get(members) == simdjson::SUCCESS && members.size() == 0) {
            outcome.request = true;
            return outcome;
        }
        auto const parsed =
            m_spans->parse(std::string_view(m_padded.data(), body.size()), m_padded.size());
        stats.outgoing_spans += parsed.outgoing;
        stats.envelope_spans += parsed.envelopes;
        outcome = {parsed.request, parsed.spans, parsed.skipped, parsed.problem};
    } else {
        auto const parsed = m_logs->parse(body);
        outcome = {parsed.request, parsed.records, parsed.skipped, parsed.problem};
    }
    m_stats.redactions += m_redactor.redact(outcome.problem);
    if (!outcome.request)
        return outcome; // not data: the caller refuses the request as a whole
    ++m_requests[signal == OtlpSignal::traces ? 0 : 1];
    ++stats.lines;
    stats.bytes += body.size();
    stats.records += outcome.accepted;
    if (outcome.rejected > 0 || !outcome.problem.empty())
        count_malformed(signal, std::max<std::size_t>(outcome.rejected, 1), outcome.problem);
    return outcome;
}

TelemetrySummary LiveTelemetry::snapshot() const {
    return m_aggregator.snapshot(m_stats);
}

std::uint64_t LiveTelemetry::records() const {
    return m_stats.sources[0].records + m_stats.sources[1].records;
}

} // namespace medic::telemetry
