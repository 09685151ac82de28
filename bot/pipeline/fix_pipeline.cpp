#include "bot/pipeline/fix_pipeline.hpp"

#include "bot/git/branches.hpp"
#include "bot/git/remote.hpp"
#include "bot/model/evidence.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/github_publishing.hpp"
#include "bot/validate/validator.hpp"
#include "bot/validate/worktree.hpp"
#include "generators/docs/doc_generator.hpp"
#include "generators/patch/apply_patch.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

namespace medic::pipeline {

namespace fs = std::filesystem;

namespace {

/// Adds the time `work` takes to `times[stage]`.
template <typename Work>
auto timed(StageTimes& times, const std::string& stage, Work&& work) {
    auto const started = std::chrono::steady_clock::now();
    auto result = work();
    times[stage] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

FixResult stopped(FixResult result, FixStatus status, std::string reason) {
    result.status = status;
    result.reason = std::move(reason);
    return result;
}

/// The base commit's files with the diff applied (read from the reset validation worktree).
Result<std::map<std::string, std::optional<std::string>>> patched_files(const FixContext& context,
                                                                        const PatchDraft& draft) {
    MEDIC_TRY(worktree,
              validate::ValidationWorktree::open(context.repo, context.work_dir / "worktree"));
    MEDIC_RETURN_IF_ERROR(worktree->reset_to(context.base_commit));
    MEDIC_TRY(applied, patch::apply_patch(worktree->path(), draft.diff));
    return applied->files;
}

/// Commits the fix, its tests and docs on the fix's branch and pushes it.
Result<git::BranchUpdate> publish_branch(const FixContext& context, const PatchDraft& draft,
                                         const GeneratedTests& tests, const GeneratedDocs& docs,
                                         const std::string& branch) {
    std::string remote = context.remote;
    git::PushOptions push;
    if (context.github != nullptr) {
        MEDIC_TRY(token, context.github->api.token_source().token());
        remote = context.github->push_url;
        push.token = *token;
        push.ca_file = context.github->ca_file;
    }
    if (auto const lease = context.branch_leases.find(branch); lease != context.branch_leases.end())
        push.lease = lease->second;
    MEDIC_TRY(files, patched_files(context, draft));
    for (auto const* generated : {&tests.files, &docs.files})
        for (auto const& file : *generated)
            (*files)[file.path] = file.content;
    git::BranchCommit commit{
        branch,
        context.base_commit,
        std::move(*files),
        docs.commit_message,
        {context.config.publish.author_name, context.config.publish.author_email},
        {}};
    // The fix record quotes this run's measurements; new figures alone are no new commit.
    for (auto const& file : docs.files)
        commit.volatile_paths.push_back(file.path);
    auto update = git::commit_to_branch(context.repo, commit);
    if (!update)
        return update;
    MEDIC_RETURN_IF_ERROR(git::push_branch(context.repo, remote, branch, push));
    return update;
}

Result<GeneratedDocs> render_docs(const FixContext& context, const Anomaly& anomaly,
                                  const PatchDraft& draft, const Verdict& verdict,
                                  const GeneratedTests& tests) {
    DocRequest request{anomaly,
                       draft,
                       verdict,
                       tests,
                       fix_branch_name(anomaly),
                       context.config.generate,
                       context.config.validate,
                       read_text_file(context.repo / context.config.generate.changelog)};
    return generate_docs(request, context.templates);
}

Result<void> write_outputs(const fs::path& dir, const PatchDraft& draft, const Verdict& verdict,
                           const GeneratedDocs& docs) {
    for (auto const& [name, text] : {std::pair{"fix.diff", draft.diff},
                                     {"draft.json", to_json_text(draft, 2) + "\n"},
                                     {"verdict.json", to_json_text(verdict, 2) + "\n"},
                                     {"pull-request.md", docs.pr_body}})
        if (auto written = write_text_file(dir / name, text); !written)
            return written;
    return {};
}

/// Everything of a verdict that quotes others' text: its reason and each command's output.
void redact_verdict(Verdict& verdict, const FixContext& context) {
    context.redact(verdict.reason);
    for (auto& command : verdict.commands)
        context.redact(command.output_tail);
}

Result<GeneratedTests> make_tests(FixContext& context, const Anomaly& anomaly,
                                  const PatchDraft& draft) {
    if (context.config.harness.target.empty())
        return GeneratedTests{}; // the repository's own tests and benchmark prove it
    TestRequest request{anomaly, draft, misordered_evidence(anomaly).expected_order,
                        context.config.harness, context.config.generate};
    auto tests = generate_tests(request, context.templates);
    if (!tests)
        return tests;
    MEDIC_RETURN_IF_ERROR(format_generated_code(tests->files, context.repo, context.runner));
    return tests;
}

/// Correct but not proven faster: every command passed and only the benchmark fell short.
bool partially_validated(const Verdict& verdict) {
    return verdict.benchmark.has_value() &&
           std::ranges::all_of(verdict.commands, [](const CommandRecord& command) {
               return command.exit_code == 0 && !command.timed_out;
           });
}

/// What a proven fix publishes.
struct Proven {
    const PatchDraft& draft;
    const GeneratedTests& tests;
    const GeneratedDocs& docs;
    bool as_draft = false;
};

void record_pull_request(FixResult& result, const github::PullRequestOutcome& outcome) {
    result.pr_number = outcome.pull.number;
    result.pr_url = outcome.pull.html_url;
    result.pr_action = outcome.pull.created   ? "opened"
                       : outcome.pull.updated ? "updated"
                                              : "unchanged";
    result.merge = outcome.merge.action == "not merged" ? "not merged: " + outcome.merge.detail
                                                        : outcome.merge.action;
    result.warnings = outcome.warnings;
}

/// Pushes the branch and, publishing to GitHub, opens or updates its pull request.
FixResult publish(FixResult result, FixContext& context, const Proven& proven) {
    auto const branch = fix_branch_name(result.anomaly);
    auto const reason = result.verdict->reason;
    if (context.github != nullptr) {
        auto hold = github_hold_reason(*context.github, context.config.publish, branch);
        if (!hold)
            return stopped(std::move(result), FixStatus::failed,
                           "publishing: " + hold.error().message);
        if (*hold)
            return stopped(std::move(result), FixStatus::held, **hold);
    }
    auto update = publish_branch(context, proven.draft, proven.tests, proven.docs, branch);
    if (!update)
        return stopped(std::move(result), FixStatus::failed,
                       "publishing: " + update.error().message);
    result.branch = branch;
    result.commit = update->commit;
    result.branch_changed = update->changed;
    if (context.github == nullptr)
        return stopped(std::move(result), FixStatus::published, reason);
    FixForGitHub fix{result.anomaly, proven.draft,         *result.verdict,     branch,
                     result.commit,  proven.docs.pr_title, proven.docs.pr_body, proven.as_draft};
    auto outcome = publish_fix_pull_request(*context.github, fix, context.config);
    if (!outcome)
        return stopped(std::move(result), FixStatus::failed,
                       "publishing: " + outcome.error().message);
    record_pull_request(result, *outcome);
    if (!outcome->failure.empty())
        return stopped(std::move(result), FixStatus::failed,
                       "pull request #" + std::to_string(outcome->pull.number) + " is open, but " +
                           outcome->failure);
    return stopped(std::move(result), FixStatus::published, reason);
}

} // namespace

std::optional<std::string> missing_proof(const Anomaly& anomaly, const MedicConfig& config,
                                         const ProofMeans& means) {
    if (!config.harness.target.empty())
        return std::nullopt;
    bool const slow = anomaly.kind == AnomalyKind::slow || anomaly.kind == AnomalyKind::trend;
    if (slow && !means.repo_benchmarks.empty())
        return std::nullopt;
    std::string const subject = anomaly.handler.empty() ? anomaly.sequence : anomaly.handler;
    return std::string("nothing can prove this fix yet: the repository has no Medic harness "
                       "(harness.target in .github/medic.yml)") +
           (slow ? " and no benchmark of its own calls " + subject : std::string()) +
           ". Run `medic init --harness` in the repository to write one (it replays recorded "
           "requests in process; templates/README.md), commit it, and run Medic again.";
}

namespace {

FixResult prove_then_publish(const Anomaly& anomaly, const PatchDraft& draft, FixContext& context,
                             const ProofMeans& means) {
    FixResult result;
    result.anomaly = anomaly;
    result.draft = draft;
    if (auto missing = missing_proof(anomaly, context.config, means))
        return stopped(std::move(result), FixStatus::not_validated, *missing);
    auto tests =
        timed(result.times, "generate", [&] { return make_tests(context, anomaly, draft); });
    if (!tests)
        return stopped(std::move(result), FixStatus::not_validated, tests.error().message);
    validate::ValidationRequest request{
        context.repo,     context.base_commit,     draft,
        *tests,           context.config.validate, context.config.generate,
        context.work_dir, context.progress,        std::nullopt};
    if ((anomaly.kind == AnomalyKind::slow || anomaly.kind == AnomalyKind::trend) &&
        !means.repo_benchmarks.empty())
        request.repo_benchmark = means.repo_benchmarks.front();
    auto verdict = timed(result.times, "validate",
                         [&] { return validate::validate_fix(request, context.runner); });
    if (!verdict)
        return stopped(std::move(result), FixStatus::failed, verdict.error().message);
    redact_verdict(*verdict, context);
    result.verdict = *verdict;
    auto docs = timed(result.times, "generate",
                      [&] { return render_docs(context, anomaly, draft, *verdict, *tests); });
    if (!docs)
        return stopped(std::move(result), FixStatus::failed, docs.error().message);
    if (auto checked = check_anomaly_id(anomaly.id); !checked)
        return stopped(std::move(result), FixStatus::failed, checked.error().message);
    auto const dir = context.out_dir / anomaly.id;
    if (auto written = write_outputs(dir, draft, *verdict, *docs); !written)
        return stopped(std::move(result), FixStatus::failed, written.error().message);
    result.pr_body_path = (dir / "pull-request.md").string();
    bool const as_draft = !verdict->validated && context.github != nullptr &&
                          context.config.publish.draft_partial && partially_validated(*verdict);
    if (!verdict->validated && !as_draft)
        return stopped(std::move(result), FixStatus::not_validated, verdict->reason);
    if (context.publish_mode == PublishMode::none)
        return stopped(std::move(result), FixStatus::validated, verdict->reason);
    if (auto allowed = context.may_publish(); !allowed)
        return stopped(std::move(result), FixStatus::failed,
                       "validated, not published: " + allowed.error().message);
    auto const started = std::chrono::steady_clock::now();
    auto published = publish(std::move(result), context, {draft, *tests, *docs, as_draft});
    published.times["publish"] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return published;
}

} // namespace

FixResult prove_and_publish(const Anomaly& anomaly, const PatchDraft& draft, FixContext& context,
                            const ProofMeans& means) {
    // A model's root cause is quoted in the documents, the commit and the PR: hidden first. The
    // diff is the fix itself and is not rewritten.
    PatchDraft shown = draft;
    context.redact(shown.root_cause);
    auto result = prove_then_publish(anomaly, shown, context, means);
    context.redact(result.reason);
    return result;
}

FixRecord record_of(const FixResult& result) {
    FixRecord record;
    record.anomaly = result.anomaly.id;
    record.kind = result.anomaly.kind;
    record.handler =
        result.anomaly.handler.empty() ? result.anomaly.sequence : result.anomaly.handler;
    record.status = result.status;
    record.reason = result.reason;
    if (result.draft) {
        record.strategy =
            std::string(to_string(result.draft->strategy)) + "/" + result.draft->fixer;
        record.root_cause = result.draft->root_cause;
        record.draft_notes = result.draft->refusals;
        record.diff_lines = fix_diff_lines(*result.draft);
    }
    record.verdict = result.verdict;
    record.branch = result.branch;
    record.commit = result.commit;
    record.branch_changed = result.branch_changed;
    record.pull_request_body = result.pr_body_path;
    if (result.pr_number != 0)
        record.pull_request = PullRequestRecord{result.pr_number, result.pr_url, result.pr_action,
                                                result.merge, result.warnings};
    record.stage_seconds = result.times;
    return record;
}

Result<std::string> local_remote(const fs::path& repo, const std::string& configured,
                                 const fs::path& fallback) {
    if (!configured.empty()) {
        // A local path that does not exist yet becomes a bare repository to push to.
        bool const local_path = configured.find("://") == std::string::npos &&
                                (configured.front() == '/' || configured.starts_with("."));
        if (local_path && !fs::exists(configured))
            MEDIC_RETURN_IF_ERROR(git::ensure_bare_repository(configured));
        return configured;
    }
    if (auto origin = git::remote_url(repo, "origin"))
        return *origin;
    MEDIC_RETURN_IF_ERROR(git::ensure_bare_repository(fallback));
    return fs::absolute(fallback).string();
}

} // namespace medic::pipeline
