#pragma once
// Which strategy to try first for an anomaly, from what happened to earlier attempts (SapFix and
// Getafix rank their fix templates the same way): each strategy's posterior success rate over
// the attempts at anomalies of the same kind, with a prior from fix.strategies so that a new
// install behaves as configured; and a strategy whose drafts for this very anomaly failed
// validation too often is not tried again.

#include "bot/model/anomaly.hpp"
#include "bot/model/strategy.hpp"
#include "bot/store/store.hpp"

#include <string>
#include <vector>

namespace medic::learn {

/// How one strategy fared on anomalies of one kind.
struct StrategyRecord {
    Strategy strategy = Strategy::rules;
    int successes = 0; ///< Merged (and not found worse or without effect after the merge).
    int failures = 0;  ///< Not validated, failed, closed unmerged, no effect, worse, reverted.
    double prior_successes = 1;
    double prior_failures = 1;
    /// The posterior mean of the success rate (Beta prior and Bernoulli outcomes).
    [[nodiscard]] double posterior() const {
        return (prior_successes + successes) /
               (prior_successes + prior_failures + successes + failures);
    }
};

/// The strategies to try for one anomaly, best first, and why the order or the set differs from
/// the configuration (for the run's report).
struct RankedStrategies {
    std::vector<Strategy> order;
    std::vector<std::string> notes;
};

/// Ranks `configured` (fix.strategies, in its order) for `anomaly` over `attempts`. The first
/// configured strategy starts with a prior of 2 successes to 1 failure, the others 1 to 1, so
/// with no history the order is the configured one and a few outcomes can change it. A strategy
/// whose drafts for this anomaly failed validation `max_failed_validations` times is dropped.
RankedStrategies rank_strategies(const std::vector<Strategy>& configured, const Anomaly& anomaly,
                                 const std::vector<store::AttemptRecord>& attempts,
                                 int max_failed_validations);

} // namespace medic::learn
