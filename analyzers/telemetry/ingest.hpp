#pragma once
// The ingest stage: telemetry files in, TelemetrySummary out (SPEC "Ingest").

#include "bot/model/config.hpp"
#include "bot/model/result.hpp"
#include "bot/model/telemetry.hpp"

#include <functional>
#include <string>
#include <vector>

namespace medic::telemetry {

/// How far ingest has come, for a progress line.
struct IngestProgress {
    std::string_view path;
    std::uint64_t bytes_done = 0;  ///< Uncompressed bytes read from this input so far.
    std::uint64_t bytes_total = 0; ///< Size on disk of this input, 0 when unknown.
};

struct IngestOptions {
    TelemetryConfig telemetry;
    std::function<void(const IngestProgress&)> on_progress; ///< Optional.
};

/// Reads every input (a path, or "-" for stdin; gzip is detected), auto-detecting its format.
/// A bad line is counted and reported, never fatal; an input that cannot be read at all is
/// reported in its SourceStats, and so is one that yields no record (empty, all malformed).
/// Fails only when no input could be read.
Result<TelemetrySummary> ingest(const std::vector<std::string>& inputs,
                                const IngestOptions& options);

/// "path: why; path: why" for each input that gave no record, or "" when every input did. A
/// command reports what it could read, then treats these as an input error: telemetry that
/// was all unreadable is not "no anomalies".
std::string unread_inputs(const IngestStats& stats);

} // namespace medic::telemetry
