#include "bot/learn/production_check.hpp"

#include "analyzers/anomaly/describe.hpp"
#include "analyzers/anomaly/statistics.hpp"
#include "bot/model/evidence.hpp"

#include <array>
#include <cmath>
#include <utility>

namespace medic::learn {
namespace {

constexpr std::array<std::pair<ProductionVerdict, std::string_view>, 3> k_verdict_names{{
    {ProductionVerdict::effective, "effective"},
    {ProductionVerdict::no_effect, "no effect"},
    {ProductionVerdict::worse, "worse"},
}};

double rate(std::uint64_t errors, std::uint64_t count) {
    return count == 0 ? 0.0 : double(errors) / double(count);
}

/// Whether the median moved from `from` to `to` by at least `share` of `from`, upwards.
bool rose(double from, double to, double share) {
    return to > from * (1 + share);
}

/// The latency side of the comparison: which way it moved significantly, if at all.
struct LatencyChange {
    bool slower = false;
    bool faster = false;
    double p_value = 1;
    std::optional<double> speedup;
};

LatencyChange latency_change(const HandlerCalls& before, const HandlerCalls& after,
                             const ProductionCheckPolicy& policy) {
    LatencyChange change;
    if (before.latency_ms.empty() || after.latency_ms.empty())
        return change;
    double const median_before = before.latency_ms.quantile(0.5);
    double const median_after = after.latency_ms.quantile(0.5);
    if (median_after > 0 && std::isfinite(median_before / median_after))
        change.speedup = median_before / median_after;
    double const p_slower = anomaly::mann_whitney(before.latency_ms, after.latency_ms).p_greater;
    double const p_faster = anomaly::mann_whitney(after.latency_ms, before.latency_ms).p_greater;
    change.slower =
        p_slower < policy.significance && rose(median_before, median_after, policy.min_change);
    change.faster =
        p_faster < policy.significance && rose(median_after, median_before, policy.min_change);
    change.p_value = change.slower ? p_slower : p_faster;
    return change;
}

std::string medians_text(const HandlerCalls& before, const HandlerCalls& after) {
    return "median " + anomaly::fixed(before.latency_ms.quantile(0.5)) + " ms before the merge, " +
           anomaly::fixed(after.latency_ms.quantile(0.5)) + " ms after";
}

std::string rates_text(const ProductionJudgement& judgement) {
    return "error rate " + anomaly::percent(judgement.error_rate_before) + " before the merge, " +
           anomaly::percent(judgement.error_rate_after) + " after";
}

std::string calls_text(const ProductionJudgement& judgement) {
    return " (" + std::to_string(judgement.calls_before) + " calls before, " +
           std::to_string(judgement.calls_after) + " after, p " +
           (judgement.p_value < 1e-12 ? "" : "= ") + anomaly::p_value(judgement.p_value) + ")";
}

} // namespace

std::string_view to_string(ProductionVerdict verdict) {
    for (auto const& [value, name] : k_verdict_names)
        if (value == verdict)
            return name;
    return "no effect";
}

std::optional<ProductionVerdict> parse_production_verdict(std::string_view text) {
    for (auto const& [value, name] : k_verdict_names)
        if (name == text)
            return value;
    return std::nullopt;
}

HandlerCalls calls_since(const HandlerStats& stats, std::int64_t merged_ms,
                         const ProductionCheckPolicy& policy) {
    HandlerCalls calls;
    auto const from_ms = merged_ms + policy.deploy_grace_ms;
    for (auto const& window : stats.windows) {
        if (window.start_ms < from_ms)
            continue;
        calls.count += window.count;
        calls.errors += window.errors;
        calls.latency_ms.merge(window.latency_ms);
    }
    return calls;
}

std::optional<HandlerCalls> calls_before(const Anomaly& anomaly) {
    auto const from_latency = [](const LatencyEvidence& latency) -> std::optional<HandlerCalls> {
        if (!latency.sketch || latency.errors > latency.count)
            return std::nullopt;
        return HandlerCalls{latency.count, latency.errors, *latency.sketch};
    };
    switch (anomaly.kind) {
    case AnomalyKind::slow:
        return from_latency(slow_evidence(anomaly).latency);
    case AnomalyKind::trend:
        return from_latency(trend_evidence(anomaly).latency);
    case AnomalyKind::errors: {
        auto const evidence = errors_evidence(anomaly);
        if (evidence.count == 0 || evidence.errors > evidence.count)
            return std::nullopt;
        return HandlerCalls{evidence.count, evidence.errors, {}};
    }
    case AnomalyKind::misordered:
    case AnomalyKind::untested:
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<ProductionJudgement> judge_production(AnomalyKind kind, const HandlerCalls& before,
                                                    const HandlerCalls& after,
                                                    const ProductionCheckPolicy& policy) {
    if (after.count < policy.min_calls || before.count == 0 || before.errors > before.count ||
        after.errors > after.count)
        return std::nullopt;
    ProductionJudgement judgement;
    judgement.calls_before = before.count;
    judgement.calls_after = after.count;
    judgement.error_rate_before = rate(before.errors, before.count);
    judgement.error_rate_after = rate(after.errors, after.count);
    double const p_more_errors =
        anomaly::fisher_exact_greater(before.errors, before.count, after.errors, after.count);
    double const p_fewer_errors =
        anomaly::fisher_exact_greater(after.errors, after.count, before.errors, before.count);
    auto const latency = latency_change(before, after, policy);
    judgement.speedup = latency.speedup;
    judgement.p_value = latency.p_value;
    bool const more_errors =
        p_more_errors < policy.significance &&
        judgement.error_rate_after - judgement.error_rate_before >= policy.min_error_rise;
    if (more_errors) {
        judgement.verdict = ProductionVerdict::worse;
        judgement.p_value = p_more_errors;
        judgement.reason = "fails more often: " + rates_text(judgement) + calls_text(judgement);
    } else if (latency.slower) {
        judgement.verdict = ProductionVerdict::worse;
        judgement.reason = "slower: " + medians_text(before, after) + calls_text(judgement);
    } else if (kind == AnomalyKind::errors && p_fewer_errors < policy.significance) {
        judgement.verdict = ProductionVerdict::effective;
        judgement.p_value = p_fewer_errors;
        judgement.reason = "fails less often: " + rates_text(judgement) + calls_text(judgement);
    } else if (kind != AnomalyKind::errors && latency.faster) {
        judgement.verdict = ProductionVerdict::effective;
        judgement.reason = "faster: " + medians_text(before, after) + calls_text(judgement);
    } else {
        judgement.verdict = ProductionVerdict::no_effect;
        judgement.reason = "no significant change: " +
                           (kind == AnomalyKind::errors || before.latency_ms.empty()
                                ? rates_text(judgement)
                                : medians_text(before, after)) +
                           calls_text(judgement);
    }
    return judgement;
}

} // namespace medic::learn
