#pragma once
// OpenTelemetry OTLP/JSON logs: one ExportLogsServiceRequest (resourceLogs[].scopeLogs[].
// logRecords[]), as the Collector's file exporter writes each line and OTLP/HTTP exporters POST
// to /v1/logs. proto3's JSON mapping throughout: either field spelling, enums as numbers or
// names, 64-bit integers as strings or numbers, omitted defaults. A record becomes a log line:
// its time, its level (severityText, else the level severityNumber names), the handler its
// code.* attributes name, and its body as the message. Nothing in the input can make it throw.

#include "analyzers/telemetry/aggregator.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace medic::telemetry {

/// What one logs request yielded.
struct OtlpLogsOutcome {
    std::size_t records = 0; ///< Log records taken in.
    std::size_t skipped = 0; ///< Records that were not objects (counted as malformed).
    std::string problem;     ///< Why the request, or the first skipped record, was unusable.
    bool request = false;    ///< It has a resourceLogs member: a request, even an empty one.
};

class OtlpLogsParser {
public:
    virtual ~OtlpLogsParser() = default;
    /// Parses one request and feeds its records to the aggregator.
    virtual OtlpLogsOutcome parse(std::string_view text) = 0;
};

std::unique_ptr<OtlpLogsParser> make_otlp_logs_parser(Aggregator& aggregator);

/// True when `text` names OTLP logs' top-level array (either spelling): worth a try as a request.
bool mentions_otlp_logs(std::string_view text);

} // namespace medic::telemetry
