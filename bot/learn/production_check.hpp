#pragma once
// Did a merged fix help in production? Google's ECO measures every performance fix after it
// lands; Medic does the same: the handler's calls after the merge are compared with the ones the
// anomaly's evidence recorded before it, with detection's own statistics (Mann-Whitney U on the
// latency distributions, Fisher's exact test on the error counts). A pure decision: the caller
// brings both sides.

#include "bot/model/anomaly.hpp"
#include "bot/model/quantile_sketch.hpp"
#include "bot/model/telemetry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medic::learn {

/// What production said about a merged fix.
enum class ProductionVerdict {
    effective, ///< Significantly better at what the anomaly was about.
    no_effect, ///< No significant change either way.
    worse,     ///< Significantly slower, or failing more often (a revert is due).
};
std::string_view to_string(ProductionVerdict verdict);
std::optional<ProductionVerdict> parse_production_verdict(std::string_view text);

/// A handler's calls on one side of the merge. An empty sketch means the latency is unknown on
/// that side (an `errors` anomaly's evidence keeps counts only): only errors are compared then.
struct HandlerCalls {
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    QuantileSketch latency_ms;
};

/// When a difference counts.
struct ProductionCheckPolicy {
    /// Calls in this long after the merge are left out: a deploy takes a while to reach every
    /// instance, and until then production still runs the code before the fix.
    std::int64_t deploy_grace_ms = 10 * 60 * 1000;
    /// Fewer calls than this after the merge (and the grace): too early to say. A verdict is
    /// final, so it waits for enough calls to show a change.
    std::uint64_t min_calls = 100;
    /// One-sided significance level of each test.
    double significance = 0.01;
    /// A median must move by at least this share to count (a significant 1 % is no effect).
    double min_change = 0.05;
    /// An error rate must rise by at least this much (absolute) to make a fix worse: on a busy
    /// handler 0.10 % to 0.13 % is significant and no reason to revert a latency fix.
    double min_error_rise = 0.005;
};

/// The judgement, with the figures a pull request comment and `medic outcomes` show.
struct ProductionJudgement {
    ProductionVerdict verdict = ProductionVerdict::no_effect;
    std::optional<double> speedup; ///< Median before / median after; none without latencies.
    double p_value = 1;            ///< Of the test that decided (the latency one when neither did).
    std::uint64_t calls_before = 0;
    std::uint64_t calls_after = 0;
    double error_rate_before = 0;
    double error_rate_after = 0;
    std::string reason; ///< One sentence with the numbers.
};

/// The handler's calls after `merged_ms` (Unix milliseconds) and the policy's deploy grace: the
/// windows of `stats` that start at or after that time (a window that straddles it is left out,
/// so no call from before counts as after it).
HandlerCalls calls_since(const HandlerStats& stats, std::int64_t merged_ms,
                         const ProductionCheckPolicy& policy = {});

/// The handler's calls as an anomaly's evidence recorded them before the fix: the latency
/// distribution of `slow` and `trend` anomalies, the counts of `errors` ones. None for kinds a
/// handler's calls cannot judge (misordered sequences, untested handlers), evidence written
/// before Medic kept the distribution, or counts that cannot be (more errors than calls).
std::optional<HandlerCalls> calls_before(const Anomaly& anomaly);

/// Judges `after` against `before` for an anomaly of `kind`: worse when the handler became
/// significantly slower or fails significantly more often; effective when it became
/// significantly faster (`slow`, `trend`) or fails significantly less often (`errors`); else
/// no effect. None while `after` has fewer than `policy.min_calls` calls, and for counts that
/// cannot be (more errors than calls).
std::optional<ProductionJudgement> judge_production(AnomalyKind kind, const HandlerCalls& before,
                                                    const HandlerCalls& after,
                                                    const ProductionCheckPolicy& policy = {});

} // namespace medic::learn
