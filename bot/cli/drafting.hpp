#pragma once
// The draft stage as `medic fix` runs it: for each anomaly, a DraftRequest built from the
// analysis, then the strategies in order (rules, then the model) until one gives a vetted diff.

#include "bot/cli/analysis.hpp"
#include "bot/model/config.hpp"
#include "bot/model/draft.hpp"
#include "generators/llm/drafter.hpp"

#include <filesystem>
#include <optional>

namespace medic::cli {

/// What the draft stage is shown about `anomaly`: its code, findings, sources and the paths a
/// patch may touch (the handler's, its callees' and tests' files, the sequence's or message's
/// file, and fix.allowed_paths — never anything taken from telemetry text).
DraftRequest draft_request(const Anomaly& anomaly, const Analysis& analysis,
                           const MedicConfig& config, const std::filesystem::path& repo);

/// The strategies to try and what they need.
struct Strategies {
    std::vector<std::string> order;    ///< "rules", "llm".
    llm::LlmProvider* model = nullptr; ///< Null when no model is configured or reachable.
    std::string model_missing;         ///< Why `model` is null.
    llm::LlmDraftOptions model_options;
};

/// One anomaly's result: a draft, or why there is none.
struct DraftOutcome {
    std::optional<PatchDraft> draft;
    std::vector<std::string> reasons; ///< Each strategy's refusal or failure, in order.
    bool covered = false; ///< No draft needed: another anomaly's draft makes this change.
};

DraftOutcome draft_anomaly(const DraftRequest& request, const Strategies& strategies,
                           const std::filesystem::path& repo);

} // namespace medic::cli
