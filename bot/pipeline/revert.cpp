#include "bot/pipeline/revert.hpp"

#include "bot/git/branches.hpp"
#include "bot/git/revert.hpp"
#include "bot/validate/validator.hpp"
#include "bot/validate/worktree.hpp"
#include "generators/patch/apply_patch.hpp"

namespace medic::pipeline {
namespace {

/// The base commit's files with the revert applied (read from the reset validation worktree).
Result<std::map<std::string, std::optional<std::string>>>
reverted_files(const RevertRequest& request, const std::string& diff) {
    MEDIC_TRY(worktree,
              validate::ValidationWorktree::open(request.repo, request.work_dir / "worktree"));
    MEDIC_RETURN_IF_ERROR(worktree->reset_to(request.base_commit));
    MEDIC_TRY(applied, patch::apply_patch(worktree->path(), diff));
    return applied->files;
}

} // namespace

Result<RevertOutcome> prove_and_push_revert(const RevertRequest& request, ProcessRunner& runner) {
    RevertOutcome outcome;
    MEDIC_TRY(diff, git::revert_diff(request.repo, request.reverted));
    outcome.diff = *diff;
    PatchDraft draft;
    draft.anomaly_id = request.anomaly_id;
    draft.kind = request.kind;
    draft.handler = request.handler;
    draft.fixer = "revert";
    draft.diff = *diff;
    validate::ValidationRequest validation{request.repo,
                                           request.base_commit,
                                           draft,
                                           {},
                                           request.config.validate,
                                           request.config.generate,
                                           request.work_dir};
    validation.measure_speedup = false;
    MEDIC_TRY(verdict, validate::validate_fix(validation, runner));
    outcome.verdict = std::move(*verdict);
    if (!outcome.verdict.validated)
        return outcome;
    MEDIC_TRY(files, reverted_files(request, *diff));
    git::BranchCommit commit{
        request.branch,
        request.base_commit,
        std::move(*files),
        request.message,
        {request.config.publish.author_name, request.config.publish.author_email},
        {}};
    MEDIC_TRY(update, git::commit_to_branch(request.repo, commit));
    MEDIC_RETURN_IF_ERROR(
        git::push_branch(request.repo, request.remote, request.branch, request.push));
    outcome.commit = update->commit;
    return outcome;
}

} // namespace medic::pipeline
