#pragma once
// What the run that published a fix kept beside its anomaly report (<state>/runs/<delivery>/):
// the report itself, and <anomaly id>/draft.json, the draft the pull request carries. The review
// loop reads them to explain, retry, revise or rebase the fix.

#include "bot/model/draft.hpp"
#include "bot/store/store.hpp"

#include <nlohmann/json.hpp>
#include <optional>

namespace medic::serve {

/// The draft `fix`'s pull request carries, when its run kept it.
std::optional<PatchDraft> published_draft(const store::PublishedFix& fix);

/// `fix`'s anomaly as its report has it (id, kind, handler, summary, evidence), or null.
nlohmann::json published_anomaly(const store::PublishedFix& fix);

} // namespace medic::serve
