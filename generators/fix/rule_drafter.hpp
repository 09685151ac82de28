#pragma once
// The rule-based strategy: the fixer that handles an anomaly proposes edits; they become a
// vetted unified diff (see patch::vet_diff), or a refusal that says why.

#include "bot/model/draft.hpp"
#include "bot/model/result.hpp"

#include <filesystem>

namespace medic::fix {

/// A draft from the first fixer that handles `request` and whose safety conditions hold.
/// Errors: not_found when no fixer handles this anomaly, invalid_input when every fixer that
/// does refused (the message joins their reasons), conflict when the edits do not apply.
Result<PatchDraft> draft_with_rules(const DraftRequest& request, const std::filesystem::path& repo);

} // namespace medic::fix
