#pragma once
// The Mustache view of a DraftRequest: every value the prompt templates can name. Internal to
// medic_llm (the only place that includes kainjow's header).

#include "bot/model/draft.hpp"

#include <kainjow/mustache.hpp>

namespace medic::llm {

/// Values for templates/prompts/*.mustache; telemetry-derived text already neutralised.
kainjow::mustache::data prompt_view(const DraftRequest& request);

} // namespace medic::llm
