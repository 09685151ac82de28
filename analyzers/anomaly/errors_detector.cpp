#include "analyzers/anomaly/errors_detector.hpp"

#include "analyzers/anomaly/describe.hpp"
#include "analyzers/anomaly/statistics.hpp"
#include "bot/model/time.hpp"

#include <optional>

namespace medic::anomaly {
namespace {

/// Why a handler's errors are worth a person's attention; any subset may hold.
struct Findings {
    std::optional<double> budget_p;     ///< Over budget, with the binomial p-value.
    std::optional<double> baseline_p;   ///< Above the baseline rate, with the test's p-value.
    const WindowStats* spike = nullptr; ///< A window far above the rest of the input.
    double spike_p = 1;
    std::vector<const ErrorTemplate*> new_templates; ///< Absent from the baseline.
    [[nodiscard]] bool any() const {
        return budget_p || baseline_p || spike != nullptr || !new_templates.empty();
    }
};

std::vector<const ErrorTemplate*> templates_of(const TelemetrySummary& summary,
                                               std::string_view handler) {
    std::vector<const ErrorTemplate*> found;
    for (auto const& group : summary.error_templates)
        if (group.handler == handler)
            found.push_back(&group);
    return found;
}

void check_windows(const HandlerStats& stats, std::size_t handlers,
                   const ErrorsDetectConfig& config, Findings& f) {
    // Each window against the rest of the input with Fisher's exact test (windows are often
    // small, where normal approximations overstate significance), Bonferroni-corrected over
    // every window of every handler tested.
    double const tries = double(std::max<std::size_t>(stats.windows.size() * handlers, 1));
    for (auto const& window : stats.windows) {
        auto const rest_n = stats.count - window.count;
        auto const rest_x = stats.errors - window.errors;
        if (window.errors < 3 || window.count < config.min_count || rest_n < config.min_count)
            continue;
        double const rest_rate = std::max(double(rest_x), 1.0) / double(rest_n);
        double const rate = double(window.errors) / double(window.count);
        if (rate < config.min_spike_ratio * rest_rate)
            continue;
        double const p = fisher_exact_greater(rest_x, rest_n, window.errors, window.count);
        if (p * tries < config.alpha && p < f.spike_p) {
            f.spike = &window;
            f.spike_p = p;
        }
    }
}

Findings examine(const HandlerStats& stats, const DetectInput& input) {
    Findings f;
    auto const& config = input.config.detect.errors;
    auto const* handler = handler_config(input.config, stats);
    double const budget =
        handler && handler->error_rate_budget ? *handler->error_rate_budget : config.rate_budget;
    double const rate = double(stats.errors) / double(stats.count);
    if (rate > budget) {
        double const p = binomial_sf(stats.errors, stats.count, budget);
        if (p < config.alpha)
            f.budget_p = p;
    }
    check_windows(stats, input.current.handlers.size(), config, f);
    if (input.baseline == nullptr)
        return f;
    if (auto const* base = find_same_handler(*input.baseline, stats);
        base != nullptr && base->count >= config.min_count) {
        double const base_rate = std::max(double(base->errors), 1.0) / double(base->count);
        double const p = two_proportion_p(base->errors, base->count, stats.errors, stats.count);
        if (rate >= config.min_spike_ratio * base_rate && p < config.alpha)
            f.baseline_p = p;
    }
    auto const before = templates_of(*input.baseline, stats.handler);
    for (auto const* group : templates_of(input.current, stats.handler)) {
        bool const known = std::any_of(before.begin(), before.end(), [&](const ErrorTemplate* old) {
            return old->pattern == group->pattern;
        });
        if (!known && group->count >= 3)
            f.new_templates.push_back(group);
    }
    return f;
}

std::vector<ErrorTemplateEvidence>
templates_evidence(const std::vector<const ErrorTemplate*>& groups) {
    std::vector<ErrorTemplateEvidence> list;
    for (std::size_t i = 0; i < groups.size() && i < 5; ++i)
        list.push_back({groups[i]->pattern, groups[i]->count, groups[i]->example});
    return list;
}

std::string sentence(const HandlerStats& stats, const Findings& f, double budget,
                     const std::vector<const ErrorTemplate*>& groups) {
    double const rate = double(stats.errors) / double(stats.count);
    std::string text = stats.handler + " fails " + percent(rate) + " of calls (" +
                       std::to_string(stats.errors) + " of " + std::to_string(stats.count);
    text += f.budget_p ? ", error budget " + percent(budget) + ")" : ")";
    if (f.baseline_p)
        text += ", significantly more than in the baseline (p " + p_value(*f.baseline_p) + ")";
    if (f.spike != nullptr)
        text += "; errors spiked in the window from " + format_rfc3339_ms(f.spike->start_ms) +
                " (" + std::to_string(f.spike->errors) + " of " + std::to_string(f.spike->count) +
                ")";
    if (!f.new_templates.empty())
        text += "; new error message: \"" + f.new_templates.front()->pattern + "\"";
    else if (!groups.empty())
        text += "; most common message: \"" + groups.front()->pattern + "\"";
    return text + ".";
}

Anomaly make_anomaly(const HandlerStats& stats, const Findings& f, const DetectInput& input) {
    auto const groups = templates_of(input.current, stats.handler);
    auto const* handler = handler_config(input.config, stats);
    double const budget = handler && handler->error_rate_budget
                              ? *handler->error_rate_budget
                              : input.config.detect.errors.rate_budget;
    double const rate = double(stats.errors) / double(stats.count);
    Anomaly anomaly;
    anomaly.kind = AnomalyKind::errors;
    anomaly.handler = stats.handler;
    anomaly.names = stats.names;
    // A new template is its own problem; a rate problem is the handler's, whatever the message.
    bool const only_new_template = !f.budget_p && !f.baseline_p && f.spike == nullptr;
    anomaly.error_template = only_new_template ? f.new_templates.front()->pattern
                             : groups.empty()  ? std::string()
                                               : groups.front()->pattern;
    anomaly.id = anomaly_fingerprint(anomaly.kind, stats.handler,
                                     only_new_template ? anomaly.error_template : "");
    anomaly.severity = rate >= 0.2    ? Severity::critical
                       : rate >= 0.05 ? Severity::high
                                      : Severity::medium;
    anomaly.impact = double(stats.errors);
    anomaly.impact_unit = "failed calls";
    anomaly.summary = sentence(stats, f, budget, groups);
    ErrorsEvidence evidence{stats.count,
                            stats.errors,
                            rate,
                            budget,
                            templates_evidence(groups),
                            examples_evidence(stats),
                            f.budget_p,
                            f.baseline_p,
                            std::nullopt,
                            templates_evidence(f.new_templates)};
    if (f.spike != nullptr)
        evidence.spike_window = ErrorSpikeEvidence{format_rfc3339_ms(f.spike->start_ms),
                                                   f.spike->count, f.spike->errors, f.spike_p};
    anomaly.evidence = evidence_json(evidence);
    return anomaly;
}

} // namespace

std::vector<Anomaly> ErrorsDetector::detect(const DetectInput& input) const {
    std::vector<Anomaly> found;
    for (auto const& stats : input.current.handlers) {
        if (stats.count < input.config.detect.errors.min_count || stats.errors == 0)
            continue;
        auto const findings = examine(stats, input);
        if (findings.any())
            found.push_back(make_anomaly(stats, findings, input));
    }
    return found;
}

} // namespace medic::anomaly
