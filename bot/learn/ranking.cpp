#include "bot/learn/ranking.hpp"

#include <algorithm>
#include <cstdio>

namespace medic::learn {
namespace {

/// The strategy of a recorded attempt ("rules/<check>", "llm/<model>").
std::optional<Strategy> strategy_of(const store::AttemptRecord& attempt) {
    return parse_strategy(std::string_view(attempt.strategy).substr(0, attempt.strategy.find('/')));
}

bool has_fate(const store::AttemptRecord& attempt, std::string_view fate) {
    return std::ranges::any_of(attempt.fates,
                               [&](auto const& entry) { return entry.first == fate; });
}

/// A merge production did not prove wrong: merged-and-effective, or merged and not judged yet.
bool succeeded(const store::AttemptRecord& attempt) {
    return has_fate(attempt, "merged") && !has_fate(attempt, "worse") &&
           !has_fate(attempt, "no effect") && !has_fate(attempt, "reverted");
}

bool failed(const store::AttemptRecord& attempt) {
    return attempt.status == "not validated" || attempt.status == "failed" ||
           has_fate(attempt, "closed unmerged") || has_fate(attempt, "worse") ||
           has_fate(attempt, "no effect") || has_fate(attempt, "reverted");
}

std::string rate(const StrategyRecord& record) {
    char text[96];
    std::snprintf(text, sizeof text, "%s %d merged, %d failed (%.2f)",
                  std::string(to_string(record.strategy)).c_str(), record.successes,
                  record.failures, record.posterior());
    return text;
}

} // namespace

RankedStrategies rank_strategies(const std::vector<Strategy>& configured, const Anomaly& anomaly,
                                 const std::vector<store::AttemptRecord>& attempts,
                                 int max_failed_validations) {
    std::vector<StrategyRecord> records;
    for (std::size_t i = 0; i < configured.size(); ++i)
        records.push_back({configured[i], 0, 0, i == 0 ? 2.0 : 1.0, 1.0});
    RankedStrategies ranked;
    auto const kind = std::string(to_string(anomaly.kind));
    for (auto& record : records) {
        int failed_here = 0;
        for (auto const& attempt : attempts) {
            if (strategy_of(attempt) != record.strategy || attempt.kind != kind)
                continue;
            record.successes += succeeded(attempt) ? 1 : 0;
            record.failures += failed(attempt) ? 1 : 0;
            failed_here +=
                attempt.anomaly == anomaly.id && attempt.status == "not validated" ? 1 : 0;
        }
        if (max_failed_validations > 0 && failed_here >= max_failed_validations)
            ranked.notes.push_back(std::string(to_string(record.strategy)) + ": skipped, " +
                                   std::to_string(failed_here) +
                                   " of its drafts for this anomaly failed validation");
        else
            ranked.order.push_back(record.strategy);
    }
    auto by_strategy = [&](Strategy strategy) {
        return *std::ranges::find(records, strategy, &StrategyRecord::strategy);
    };
    std::ranges::stable_sort(ranked.order, [&](Strategy a, Strategy b) {
        return by_strategy(a).posterior() > by_strategy(b).posterior();
    });
    std::vector<Strategy> kept;
    std::ranges::copy_if(configured, std::back_inserter(kept), [&](Strategy s) {
        return std::ranges::find(ranked.order, s) != ranked.order.end();
    });
    if (ranked.order != kept) {
        std::string note = "ranked by past outcomes on " + kind + " anomalies:";
        for (auto const strategy : ranked.order)
            note += " " + rate(by_strategy(strategy)) + ";";
        note.pop_back();
        ranked.notes.push_back(note);
    }
    return ranked;
}

} // namespace medic::learn
