#include "analyzers/anomaly/slow_detector.hpp"

#include "analyzers/anomaly/describe.hpp"
#include "analyzers/anomaly/statistics.hpp"
#include "bot/model/time.hpp"

#include <optional>

namespace medic::anomaly {
namespace {

/// The handler is over its configured budget.
struct BudgetBreach {
    LatencyBudget budget;
    double observed_ms = 0;
    [[nodiscard]] double ratio() const { return observed_ms / budget.limit_ms; }
};

/// The handler got slower than in the baseline.
struct Regression {
    const HandlerStats* baseline = nullptr;
    double median_ratio = 1;
    std::optional<MannWhitney> test; ///< Absent for benchmarks with too few repetitions.
};

std::uint64_t min_samples(const HandlerStats& stats, const SlowDetectConfig& config) {
    return stats.source == SampleSource::benchmark ? 1 : config.min_count;
}

std::optional<BudgetBreach> check_budget(const HandlerStats& stats, const MedicConfig& config) {
    auto const* handler = handler_config(config, stats);
    if (handler == nullptr || !handler->budget ||
        stats.count < min_samples(stats, config.detect.slow))
        return std::nullopt;
    double const observed = stats.latency_ms.quantile(handler->budget->quantile);
    if (observed <= handler->budget->limit_ms)
        return std::nullopt;
    return BudgetBreach{*handler->budget, observed};
}

} // namespace

bool over_budget(const HandlerStats& stats, const MedicConfig& config) {
    return check_budget(stats, config).has_value();
}

namespace {

std::optional<Regression> check_regression(const HandlerStats& stats, const DetectInput& input) {
    if (input.baseline == nullptr)
        return std::nullopt;
    auto const* base = find_same_handler(*input.baseline, stats);
    auto const& config = input.config.detect.slow;
    if (base == nullptr || base->count == 0 || stats.count == 0)
        return std::nullopt;
    double const base_median = base->latency_ms.quantile(0.5);
    Regression regression{
        base, base_median > 0 ? stats.latency_ms.quantile(0.5) / base_median : 1.0, {}};
    if (regression.median_ratio < 1.0 + config.min_regression)
        return std::nullopt;
    bool const benchmark = stats.source == SampleSource::benchmark;
    std::uint64_t const needed = benchmark ? config.min_benchmark_repetitions : config.min_count;
    if (stats.count >= needed && base->count >= needed) {
        regression.test = mann_whitney(base->latency_ms, stats.latency_ms);
        return regression.test->p_greater < config.alpha ? std::optional(regression) : std::nullopt;
    }
    // Too few benchmark repetitions for a test: the threshold alone decides, and says so.
    return benchmark ? std::optional(regression) : std::nullopt;
}

Severity severity_for(double ratio) {
    if (ratio >= 4)
        return Severity::critical;
    if (ratio >= 2)
        return Severity::high;
    if (ratio >= 1.25)
        return Severity::medium;
    return Severity::low;
}

std::string sentence(const HandlerStats& stats, const std::optional<BudgetBreach>& breach,
                     const std::optional<Regression>& regression, double excess_ms) {
    std::string text = stats.handler + " is slow:";
    if (breach)
        text += " " + quantile_name(breach->budget.quantile) + " " + fixed(breach->observed_ms) +
                " ms over " + std::to_string(stats.count) + " calls, " + fixed(breach->ratio(), 2) +
                "× its " + fixed(breach->budget.limit_ms) + " ms budget";
    if (regression) {
        text += breach ? "; and" : "";
        text += " median " + fixed(stats.latency_ms.quantile(0.5)) + " ms vs " +
                fixed(regression->baseline->latency_ms.quantile(0.5)) + " ms in the baseline (+" +
                percent(regression->median_ratio - 1) + ", " +
                (regression->test ? "Mann-Whitney p " + p_value(regression->test->p_greater)
                                  : std::string("too few repetitions for a significance test")) +
                ")";
    }
    return text + " — about " + format_duration(excess_ms) + " spent above it.";
}

SlowEvidence evidence_of(const HandlerStats& stats, const std::optional<BudgetBreach>& breach,
                         const std::optional<Regression>& regression) {
    SlowEvidence evidence{
        distribution_evidence(stats), examples_evidence(stats), stats.code, {}, {}};
    if (breach)
        evidence.budget =
            BudgetBreachEvidence{quantile_name(breach->budget.quantile), breach->budget.limit_ms,
                                 breach->observed_ms, breach->ratio()};
    if (regression) {
        evidence.baseline =
            BaselineEvidence{latency_evidence(*regression->baseline), regression->median_ratio, {}};
        if (auto const& test = regression->test)
            evidence.baseline->mann_whitney =
                MannWhitneyEvidence{test->u, test->z, test->p_greater};
    }
    return evidence;
}

} // namespace

std::vector<Anomaly> SlowDetector::detect(const DetectInput& input) const {
    std::vector<Anomaly> found;
    for (auto const& stats : input.current.handlers) {
        auto const breach = check_budget(stats, input.config);
        auto const regression = check_regression(stats, input);
        if (!breach && !regression)
            continue;
        Anomaly anomaly;
        anomaly.kind = AnomalyKind::slow;
        anomaly.handler = stats.handler;
        anomaly.names = stats.names;
        anomaly.id = anomaly_fingerprint(anomaly.kind, stats.handler, "");
        double const reference =
            breach ? breach->budget.limit_ms : regression->baseline->latency_ms.quantile(0.5);
        double const ratio = breach ? breach->ratio() : regression->median_ratio;
        anomaly.severity =
            severity_for(std::max(ratio, regression ? regression->median_ratio : 0.0));
        anomaly.impact = excess_above(stats.latency_ms, reference);
        anomaly.impact_unit = "ms";
        anomaly.evidence = evidence_json(evidence_of(stats, breach, regression));
        anomaly.summary = sentence(stats, breach, regression, anomaly.impact);
        found.push_back(std::move(anomaly));
    }
    return found;
}

} // namespace medic::anomaly
