#include "bot/store/outcomes.hpp"

#include "bot/model/json.hpp" // std::optional as null

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace medic::store {
namespace {

std::optional<double> median(std::vector<double> values) {
    if (values.empty())
        return std::nullopt;
    std::ranges::sort(values);
    auto const middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

bool has_fate(const AttemptRecord& attempt, std::string_view fate) {
    return std::ranges::any_of(attempt.fates,
                               [&](auto const& entry) { return entry.first == fate; });
}

std::string formatted(const std::optional<double>& value, const char* format) {
    if (!value)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, format, *value);
    return text;
}

} // namespace

std::string speedup_text(const StrategyOutcome& outcome) {
    return formatted(outcome.median_speedup, "%.2fx");
}

std::string production_speedup_text(const StrategyOutcome& outcome) {
    return formatted(outcome.median_production_speedup, "%.2fx");
}

std::string time_to_merge_text(const StrategyOutcome& outcome) {
    return formatted(outcome.median_hours_to_merge, "%.1f h");
}

std::vector<StrategyOutcome> summarise_outcomes(const std::vector<AttemptRecord>& attempts) {
    struct Tally {
        StrategyOutcome outcome;
        std::vector<double> speedups;
        std::vector<double> production_speedups;
        std::vector<double> hours_to_merge;
    };
    std::map<std::string, Tally> by_strategy;
    for (auto const& attempt : attempts) {
        auto& tally = by_strategy[attempt.strategy];
        auto& outcome = tally.outcome;
        outcome.strategy = attempt.strategy;
        ++outcome.attempts;
        bool const proven = attempt.status == "published" || attempt.status == "validated";
        outcome.validated += proven ? 1 : 0;
        outcome.published += attempt.pull_request > 0 ? 1 : 0;
        outcome.revised += has_fate(attempt, "revised") ? 1 : 0;
        outcome.closed_unmerged += has_fate(attempt, "closed unmerged") ? 1 : 0;
        outcome.effective += has_fate(attempt, "effective") ? 1 : 0;
        outcome.no_effect += has_fate(attempt, "no effect") ? 1 : 0;
        outcome.worse += has_fate(attempt, "worse") ? 1 : 0;
        outcome.reverted += has_fate(attempt, "reverted") ? 1 : 0;
        if (proven && attempt.speedup > 0)
            tally.speedups.push_back(attempt.speedup);
        if (attempt.production_speedup > 0)
            tally.production_speedups.push_back(attempt.production_speedup);
        for (auto const& [fate, at] : attempt.fates)
            if (fate == "merged") {
                ++outcome.merged;
                tally.hours_to_merge.push_back(
                    std::chrono::duration<double, std::ratio<3600>>(at - attempt.recorded).count());
            }
    }
    std::vector<StrategyOutcome> outcomes;
    for (auto& [name, tally] : by_strategy) {
        tally.outcome.median_speedup = median(tally.speedups);
        tally.outcome.median_production_speedup = median(tally.production_speedups);
        tally.outcome.median_hours_to_merge = median(tally.hours_to_merge);
        outcomes.push_back(tally.outcome);
    }
    std::ranges::stable_sort(outcomes, [](const StrategyOutcome& a, const StrategyOutcome& b) {
        return std::tie(b.merged, b.validated) < std::tie(a.merged, a.validated);
    });
    return outcomes;
}

nlohmann::json outcomes_report(const std::vector<StrategyOutcome>& outcomes) {
    auto list = nlohmann::json::array();
    for (auto const& outcome : outcomes)
        list.push_back({{"strategy", outcome.strategy},
                        {"attempts", outcome.attempts},
                        {"validated", outcome.validated},
                        {"published", outcome.published},
                        {"revised", outcome.revised},
                        {"merged", outcome.merged},
                        {"closed_unmerged", outcome.closed_unmerged},
                        {"effective", outcome.effective},
                        {"no_effect", outcome.no_effect},
                        {"worse", outcome.worse},
                        {"reverted", outcome.reverted},
                        {"median_speedup", outcome.median_speedup},
                        {"median_production_speedup", outcome.median_production_speedup},
                        {"median_hours_to_merge", outcome.median_hours_to_merge}});
    return {{"schema", "medic.outcomes/v1"}, {"strategies", list}};
}

} // namespace medic::store
