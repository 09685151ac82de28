#pragma once
// One anomaly's drafting outcome for people (medic fix): the draft's strategy, confidence, files
// and root cause, or why no strategy gave one.

#include "bot/model/anomaly.hpp"
#include "bot/model/draft.hpp"
#include "bot/views/terminal.hpp"

#include <string>
#include <vector>

namespace medic::views {

/// "id  kind  handler", then the draft (when `draft` is not null) or each reason there is none.
std::string render_draft_outcome(const Anomaly& anomaly, const PatchDraft* draft,
                                 const std::vector<std::string>& reasons, const Terminal& t);

} // namespace medic::views
