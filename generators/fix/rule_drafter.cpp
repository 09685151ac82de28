#include "generators/fix/rule_drafter.hpp"

#include "bot/git/unified_diff.hpp"
#include "bot/model/result.hpp"
#include "generators/fix/edits.hpp"
#include "generators/fix/fixer.hpp"
#include "generators/patch/vet_diff.hpp"

namespace medic::fix {
namespace {

/// The proposal's edits as one multi-file unified diff.
Result<std::string> diff_of(const FixProposal& proposal, const std::filesystem::path& repo) {
    MEDIC_TRY(files, apply_edits(repo, proposal.edits));
    std::vector<std::string> diffs;
    for (auto const& [path, file] : *files) {
        MEDIC_TRY(diff, git::unified_diff(path, file.before, file.after));
        diffs.push_back(std::move(*diff));
    }
    return git::join_diffs(diffs);
}

Result<PatchDraft> draft_from(const Fixer& fixer, const DraftRequest& request,
                              const std::filesystem::path& repo) {
    MEDIC_TRY(proposal, fixer.propose(request));
    MEDIC_TRY(diff, diff_of(*proposal, repo));
    if (diff->empty())
        return fail(ErrorCode::invalid_input, fixer.id() + ": the edits change nothing");
    auto vetted = patch::vet_diff(repo, *diff, request.allowed_paths, request.vendored_paths);
    if (!vetted)
        return fail(vetted.error().code, fixer.id() + ": " + vetted.error().message);
    auto draft = draft_for(request.anomaly);
    draft.strategy = Strategy::rules;
    draft.fixer = fixer.id();
    draft.root_cause = proposal->root_cause;
    draft.confidence = proposal->confidence;
    draft.diff = std::move(*diff);
    draft.files = git::touched_paths(*vetted);
    return draft;
}

} // namespace

Result<PatchDraft> draft_with_rules(const DraftRequest& request,
                                    const std::filesystem::path& repo) {
    std::string refusals;
    for (auto const& fixer : register_all_fixers()) {
        if (!fixer->handles(request))
            continue;
        auto draft = draft_from(*fixer, request, repo);
        if (draft)
            return draft;
        if (draft.error().code == ErrorCode::conflict)
            return draft;
        refusals += (refusals.empty() ? "" : "; ") + draft.error().message;
    }
    if (refusals.empty()) {
        auto const* top = top_finding(request);
        return fail(ErrorCode::not_found,
                    "no rule-based fixer for this anomaly" +
                        (top ? " (its top finding is " + top->check + ")" : std::string()));
    }
    return fail(ErrorCode::invalid_input, refusals);
}

} // namespace medic::fix
