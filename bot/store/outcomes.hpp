#pragma once
// What each strategy achieved over the recorded attempts (`medic outcomes`): a pure summary of
// the store's attempt records.

#include "bot/store/store.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace medic::store {

/// One strategy ("rules/<check>" or "llm/<provider>:<model>") over every recorded attempt.
struct StrategyOutcome {
    std::string strategy;
    int attempts = 0;
    int validated = 0; ///< Proven: published or validated.
    int published = 0; ///< Reached a pull request.
    int revised = 0;   ///< Replaced by a different change on its pull request.
    int merged = 0;
    int closed_unmerged = 0;
    int effective = 0; ///< Merged, and production after the merge was better.
    int no_effect = 0; ///< Merged, and production did not change.
    int worse = 0;     ///< Merged, and production got worse.
    int reverted = 0;  ///< Merged, then taken back by Medic's revert pull request.
    std::optional<double> median_speedup; ///< The benchmark's, over validated attempts.
    /// Production's (median before / after the merge), over attempts judged after their merge.
    std::optional<double> median_production_speedup;
    std::optional<double> median_hours_to_merge; ///< From the attempt to its merge.
};

/// "229.93x", or "-" when no validated attempt measured one.
std::string speedup_text(const StrategyOutcome& outcome);
/// The same for production's speedup, "-" when no merged attempt was judged yet.
std::string production_speedup_text(const StrategyOutcome& outcome);
/// "3.0 h", or "-" when none was merged.
std::string time_to_merge_text(const StrategyOutcome& outcome);

/// The strategies in order of merged, then validated, attempts (then by name).
std::vector<StrategyOutcome> summarise_outcomes(const std::vector<AttemptRecord>& attempts);

/// The summary as `medic outcomes --json` prints it: {"schema": "medic.outcomes/v1",
/// "strategies": [...]}, a median that was never measured as null.
nlohmann::json outcomes_report(const std::vector<StrategyOutcome>& outcomes);

} // namespace medic::store
