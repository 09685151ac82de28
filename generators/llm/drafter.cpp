#include "generators/llm/drafter.hpp"

#include "bot/model/result.hpp"
#include "generators/llm/draft_answer.hpp"
#include "generators/llm/prompt.hpp"
#include "generators/patch/vet_diff.hpp"

namespace medic::llm {
namespace {

/// What the model is told when its answer cannot be used (the allowed paths come from the
/// request, never from the model's or the telemetry's text).
std::string correction(const std::string& problem, const DraftRequest& request) {
    std::string allowed;
    for (auto const& path : request.allowed_paths)
        allowed += "\n- " + path;
    return "Your answer could not be used: " + problem +
           "\n\nAnswer again with the same JSON shape (root_cause, confidence, diff). The diff "
           "must be a git-style unified diff (diff --git a/... b/..., exact @@ line numbers and "
           "context copied from the numbered source) that touches only these paths:" +
           allowed;
}

PatchDraft draft_of(const DraftRequest& request, const DraftAnswer& answer,
                    const git::ParsedDiff& parsed, const LlmDraftOptions& options,
                    unsigned attempts, std::vector<std::string> refusals) {
    auto draft = draft_for(request.anomaly);
    draft.strategy = Strategy::llm;
    draft.fixer = options.fixer;
    draft.root_cause = answer.root_cause;
    draft.confidence = answer.confidence;
    draft.diff = answer.diff;
    draft.files = git::touched_paths(parsed);
    draft.refusals = std::move(refusals);
    draft.attempts = attempts;
    return draft;
}

} // namespace

Result<PatchDraft> draft_with_llm(const DraftRequest& request, LlmProvider& provider,
                                  const std::filesystem::path& repo,
                                  const LlmDraftOptions& options) {
    MEDIC_TRY(prompt, render_prompt(request, options.templates_dir, options.repo_override_dir));
    std::vector<std::string> problems;
    for (unsigned attempt = 1; attempt <= std::max(options.max_attempts, 1u); ++attempt) {
        MEDIC_TRY(reply, provider.complete(*prompt));
        auto answer = parse_draft_answer(reply->text);
        auto vetted = answer ? patch::vet_diff(repo, answer->diff, request.allowed_paths,
                                               request.vendored_paths)
                             : Result<git::ParsedDiff>(std::unexpected(answer.error()));
        if (vetted)
            return draft_of(request, *answer, *vetted, options, attempt, problems);
        problems.push_back("attempt " + std::to_string(attempt) + ": " + vetted.error().message);
        prompt->messages.push_back({"assistant", reply->text});
        prompt->messages.push_back({"user", correction(vetted.error().message, request)});
    }
    std::string reasons;
    for (auto const& problem : problems)
        reasons += "\n  " + problem;
    return fail(ErrorCode::invalid_input, "no usable answer from the model after " +
                                              std::to_string(problems.size()) +
                                              " attempts:" + reasons);
}

} // namespace medic::llm
