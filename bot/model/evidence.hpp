#pragma once
// Typed evidence: what a detector found, one struct per anomaly kind, which the detectors fill and
// the draft, test and documentation stages read, with each field named once. Anomaly::evidence
// keeps the JSON (the anomaly report's format is unchanged); these convert both ways.

#include "bot/model/anomaly.hpp"
#include "bot/model/quantile_sketch.hpp"
#include "bot/model/telemetry.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace medic {

/// A handler's latency over the input.
struct LatencyEvidence {
    std::uint64_t count = 0;
    double mean_ms = 0;
    double p50_ms = 0;
    double p90_ms = 0;
    double p95_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
    std::uint64_t errors = 0; ///< Calls that failed; 0 in evidence older than Medic 0.8.
    /// The whole distribution, kept for the anomaly's own handler so that production after a
    /// fix can be compared with it (bot/learn/production_check.hpp); absent in baselines.
    std::optional<QuantileSketch> sketch;
};

/// One call production recorded, kept as an example input.
struct ExampleCallEvidence {
    std::int64_t ts_ms = 0;
    double duration_ms = 0;
    bool error = false;
    nlohmann::json attrs; ///< The call's attributes: an object, or their raw text if not JSON.
};

/// A latency budget the handler breaks.
struct BudgetBreachEvidence {
    std::string quantile; ///< "p95", ...
    double limit_ms = 0;
    double observed_ms = 0;
    double ratio = 0; ///< observed / limit.
};

/// The one-sided Mann-Whitney test of the current durations against the baseline's.
struct MannWhitneyEvidence {
    double u = 0;
    double z = 0;
    double p_value = 1;
};

/// How the handler compares with the baseline telemetry.
struct BaselineEvidence {
    LatencyEvidence latency;
    double median_ratio = 0;                         ///< Current median / baseline median.
    std::optional<MannWhitneyEvidence> mann_whitney; ///< Absent with too few repetitions.
};

/// The evidence of a `slow` anomaly: a broken budget, a regression against the baseline, or both.
struct SlowEvidence {
    LatencyEvidence latency;
    std::vector<ExampleCallEvidence> examples;
    std::optional<CodeLocation> code; ///< From the OpenTelemetry `code.*` attributes.
    std::optional<BudgetBreachEvidence> budget;
    std::optional<BaselineEvidence> baseline;
};

/// The Mann-Kendall test for a rising series of per-window quantiles.
struct MannKendallEvidence {
    double s = 0;
    double z = 0;
    double p_value = 1;
};

/// The evidence of a `trend` anomaly: a quantile rising towards its budget.
struct TrendEvidence {
    LatencyEvidence latency;
    std::string quantile;
    double budget_ms = 0;
    double slope_ms_per_hour = 0;
    double fitted_now_ms = 0;
    double crossing_in_hours = 0;
    MannKendallEvidence mann_kendall;
    std::int64_t window_ms = 0;
};

/// One group of error messages that differ only in their variable parts.
struct ErrorTemplateEvidence {
    std::string pattern;
    std::uint64_t count = 0;
    std::string example; ///< Redacted.
};

/// A time window whose error rate stands far above the rest of the input.
struct ErrorSpikeEvidence {
    std::string start; ///< RFC 3339, milliseconds.
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    double fisher_exact_p = 1;
};

/// The evidence of an `errors` anomaly.
struct ErrorsEvidence {
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    double error_rate = 0;
    double rate_budget = 0;
    std::vector<ErrorTemplateEvidence> templates; ///< The most frequent, at most five.
    std::vector<ExampleCallEvidence> examples;
    std::optional<double> budget_binomial_p;         ///< When the rate breaks the budget.
    std::optional<double> baseline_two_proportion_p; ///< When it rose against the baseline.
    std::optional<ErrorSpikeEvidence> spike_window;
    std::vector<ErrorTemplateEvidence> new_templates; ///< Not in the baseline; written if any.
};

/// The evidence of an `untested` anomaly: a busy handler that no test calls.
struct UntestedEvidence {
    std::uint64_t count = 0;
    double share_of_calls = 0;
    std::string definition_file;
    unsigned definition_line = 0;
    std::vector<ExampleCallEvidence> examples;
};

/// One order a sequence's runs took, how often, and how often such a run failed.
struct SequenceOrderEvidence {
    std::vector<std::string> steps;
    std::uint64_t runs = 0;
    std::uint64_t failed_runs = 0;
    bool follows_expected = false;
    std::vector<std::string> example_runs; ///< "<sequence>\x1f<run id>" of a few such runs.
};

/// The evidence of a `misordered` anomaly.
struct MisorderedEvidence {
    std::vector<std::string> expected_order;
    std::string expected_from;             ///< "config" or "majority".
    std::vector<std::string> actual_order; ///< The most frequent order that breaks it.
    std::uint64_t runs = 0;                ///< Runs of two or more steps.
    std::uint64_t misordered_runs = 0;
    std::uint64_t misordered_failed_runs = 0;
    std::uint64_t complete_in_order_runs = 0;
    std::uint64_t complete_in_order_failed_runs = 0;
    std::uint64_t single_step_runs = 0;
    std::uint64_t truncated_runs = 0;
    std::uint64_t runs_in_other_orders = 0;
    std::vector<SequenceOrderEvidence> orders; ///< The most frequent orders, at most five.
};

/// The evidence as the anomaly report writes it.
nlohmann::json evidence_json(const SlowEvidence& evidence);
nlohmann::json evidence_json(const TrendEvidence& evidence);
nlohmann::json evidence_json(const MisorderedEvidence& evidence);
nlohmann::json evidence_json(const ErrorsEvidence& evidence);
nlohmann::json evidence_json(const UntestedEvidence& evidence);
nlohmann::json evidence_json(const LatencyEvidence& latency);
nlohmann::json evidence_json(const ExampleCallEvidence& example);

// `anomaly`'s evidence read as one kind's. Lenient: a field that is missing or of another type (a
// report from an older Medic, or edited by hand) keeps its default, an optional part that is not
// an object stays absent, and nothing throws.
SlowEvidence slow_evidence(const Anomaly& anomaly);
TrendEvidence trend_evidence(const Anomaly& anomaly);
MisorderedEvidence misordered_evidence(const Anomaly& anomaly);
ErrorsEvidence errors_evidence(const Anomaly& anomaly);
UntestedEvidence untested_evidence(const Anomaly& anomaly);

/// The example calls in `anomaly`'s evidence, whatever its kind (entries that are no object
/// skipped).
std::vector<ExampleCallEvidence> example_calls(const Anomaly& anomaly);

} // namespace medic
