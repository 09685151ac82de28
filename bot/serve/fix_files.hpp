#pragma once
// What the run that published a fix kept beside its anomaly report (<state>/runs/<delivery>/):
// the report itself, and <anomaly id>/draft.json, the draft the pull request carries. The review
// loop reads them to explain, retry, revise or rebase the fix.

#include "bot/model/draft.hpp"
#include "bot/store/store.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace medic::serve {

/// Who took a pull request over, as the store keeps it when the push that did it named no one.
inline constexpr std::string_view k_unknown_taker = "(someone)";

/// How messages name who took a pull request over: "@carol", or "someone" when unknown.
std::string taker_of(std::string_view handed_over);

/// The draft `fix`'s pull request carries, when its run kept it.
std::optional<PatchDraft> published_draft(const store::PublishedFix& fix);

/// Records that a reviewer rejected `fix`'s change (`why`), so that it is never proposed again
/// for its anomaly; nothing when its run kept no draft.
Result<void> record_rejection(store::Store& store, const store::PublishedFix& fix,
                              const std::string& why);

/// `fix`'s anomaly as its report has it (id, kind, handler, summary, evidence), or null.
nlohmann::json published_anomaly(const store::PublishedFix& fix);

} // namespace medic::serve
