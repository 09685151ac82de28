#pragma once
// Anomaly and AnomalyReport: the detect stage's output, and the document CI posts
// (schema docs/schema/anomaly-report.v1.schema.json).

#include "bot/model/handler_names.hpp"
#include "bot/model/result.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic {

enum class AnomalyKind { slow, trend, misordered, errors, untested };
enum class Severity { low, medium, high, critical };

/// One thing wrong in production, with the numbers that show it.
struct Anomaly {
    std::string id; ///< Fingerprint: stable hash of kind + handler + sequence/template.
    AnomalyKind kind = AnomalyKind::slow;
    std::string handler;        ///< The handler's id; empty for sequence-level anomalies.
    HandlerNames names;         ///< The handler's other names (span, route, RPC, function).
    std::string sequence;       ///< Set for `misordered`.
    std::string error_template; ///< Set for `errors` when one template dominates.
    Severity severity = Severity::low;
    double impact = 0;       ///< In `impact_unit`; the ranking key within a severity.
    std::string impact_unit; ///< "ms" (calls x excess time), "calls" or "runs".
    std::string summary;     ///< One sentence a person can act on.
    nlohmann::json evidence = nlohmann::json::object(); ///< Numbers, windows, example runs.
    std::vector<std::string> related; ///< Ids of anomalies this one is a symptom of.
};

/// The whole detect result as CI and `medic fix` read it.
struct AnomalyReport {
    static constexpr std::string_view k_schema = "medic.anomaly-report/v1";
    std::string generated_at; ///< RFC 3339 UTC.
    std::string source;       ///< The telemetry inputs, comma separated.
    std::vector<Anomaly> anomalies;
    nlohmann::json ingest = nlohmann::json::object(); ///< Counts of what was read and skipped.
    /// The same for the baseline inputs; null without a baseline.
    nlohmann::json baseline_ingest = nullptr;
};

std::string_view to_string(AnomalyKind kind);
std::string_view to_string(Severity severity);
std::optional<AnomalyKind> parse_anomaly_kind(std::string_view text);
std::optional<Severity> parse_severity(std::string_view text);

/// Whether `id` can be an anomaly id: 1 to 64 letters and digits. Ids become file and folder
/// names (`<out>/<id>.diff`, `attempts/<id>`), so a report's `../x` or `/abs` must never be one.
bool is_anomaly_id(std::string_view id);

/// Unavailable, saying why, when `id` is not an anomaly id (see is_anomaly_id).
Result<void> check_anomaly_id(std::string_view id);

/// The anomaly id: a stable 16-hex-digit FNV-1a hash of what identifies the problem.
std::string anomaly_fingerprint(AnomalyKind kind, std::string_view handler,
                                std::string_view sequence_or_template);

} // namespace medic
