#pragma once
// The LLM strategy: prompt the model with the anomaly's facts, read its JSON answer, vet the
// diff (patch::vet_diff), and when something is wrong tell the model exactly what and ask again,
// at most max_attempts times.

#include "bot/model/draft.hpp"
#include "generators/llm/llm_provider.hpp"

#include <filesystem>

namespace medic::llm {

struct LlmDraftOptions {
    std::filesystem::path templates_dir;     ///< Medic's templates/ (holds prompts/).
    std::filesystem::path repo_override_dir; ///< <repo>/.github/medic/templates, or empty.
    unsigned max_attempts = 3;
    std::string fixer; ///< How the draft names its author, e.g. "openai:gpt-4o-mini".
};

/// A vetted draft from the model. Errors: the provider's (unavailable, rate_limited, budget
/// spent) at once; invalid_input when no answer was usable after max_attempts, with the reasons.
Result<PatchDraft> draft_with_llm(const DraftRequest& request, LlmProvider& provider,
                                  const std::filesystem::path& repo,
                                  const LlmDraftOptions& options);

} // namespace medic::llm
