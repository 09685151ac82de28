#pragma once
// The draft stage as `medic fix` runs it: for each anomaly, a DraftRequest built from the
// analysis, then the strategies in order (rules, then the model) until one gives a vetted diff.

#include "bot/model/config.hpp"
#include "bot/model/draft.hpp"
#include "bot/pipeline/analysis.hpp"
#include "generators/llm/drafter.hpp"

#include <filesystem>
#include <optional>

namespace medic::pipeline {

/// What the draft stage is shown about `anomaly`: its code, findings, sources and the paths a
/// patch may touch (the handler's, its callees' and tests' files, the sequence's or message's
/// file, and fix.allowed_paths — never anything taken from telemetry text).
DraftRequest draft_request(const Anomaly& anomaly, const Analysis& analysis,
                           const MedicConfig& config, const std::filesystem::path& repo);

/// The paths a patch for `request` may touch: the handler's file, its near callees' and tests',
/// the sequence's, fix.allowed_paths, and the files the checks' fix-its edit (the declarations
/// of the functions a fix changes, such as the header of a callee whose parameter becomes a const
/// reference). Never vendored code, never an absolute path, never anything named by telemetry:
/// this list is the security boundary every diff is vetted against.
std::vector<std::string> allowed_paths(const DraftRequest& request, const MedicConfig& config);

/// The strategies to try and what they need.
struct Strategies {
    std::vector<Strategy> order;
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

} // namespace medic::pipeline
