// Running one of Medic's published fixes again: `/medic retry` validates the same fix again,
// `/medic revise` (or a review requesting changes) asks the model for a new draft with the
// reviewer's words, and a conflict with a moved base re-applies the fix there (drafted anew only
// when it no longer applies). Each run starts from the report the fix came from, on the
// default branch as GitHub has it now, and pushes with a lease on the commit Medic last pushed:
// a branch someone else moved is handed over to them, never overwritten.

#include "bot/serve/app_actions.hpp"
#include "bot/serve/fix_files.hpp"
#include "bot/serve/merge_decision.hpp"
#include "github/checks.hpp"
#include "github/pull_requests.hpp"

#include <algorithm>
#include <filesystem>

namespace medic::serve {
namespace {

namespace fs = std::filesystem;

/// How a re-run is worded: in the job's outcome line ("revised"), and on the pull request
/// ("Medic revised this fix").
struct Wording {
    std::string_view done;
    std::string_view did_to_this_fix;
};

Wording wording(RerunReason reason) {
    switch (reason) {
    case RerunReason::retry:
        return {"validated again", "validated this fix again"};
    case RerunReason::revise:
        return {"revised", "revised this fix"};
    case RerunReason::rebase:
        return {"brought onto the new base", "brought this fix onto the new base"};
    }
    return {"run again", "ran this fix again"};
}

const FixRecord* record_for(const RunReport& report, const std::string& anomaly) {
    auto const found = std::ranges::find(report.fixes, anomaly, &FixRecord::anomaly);
    return found == report.fixes.end() ? nullptr : &*found;
}

/// "tests pass, 2.31x faster (p = 0.0001)": what the verdict proved, in the run's words.
std::string figures(const FixRecord& fix) {
    return fix.verdict ? fix.verdict->reason : fix.reason;
}

RerunOutcome published_outcome(const FixRerun& rerun, const FixRecord& fix) {
    auto const& before = rerun.fix;
    RerunOutcome outcome;
    outcome.updated = fix.commit != before.head_sha;
    auto const head = fix.commit.substr(0, 12);
    outcome.line = pull_name(before) + " " + std::string(wording(rerun.reason).done) +
                   (outcome.updated ? ": branch updated to " + head : ": branch unchanged");
    std::string text = "Medic " + std::string(wording(rerun.reason).did_to_this_fix);
    if (outcome.updated)
        text += ": the branch is now at `" + head + "` (" + fix.strategy + ", " +
                std::to_string(fix.diff_lines) + " lines changed, " +
                std::to_string(before.diff_lines) + " before).";
    else
        text += ": the same change as before, so the branch is unchanged.";
    text += "\n\n- **Validation**: " + figures(fix) + "\n";
    if (before.proof != figures(fix) && !before.proof.empty())
        text += "- **Before**: " + before.proof + "\n";
    outcome.comment = text;
    return outcome;
}

RerunOutcome failed_outcome(const FixRerun& rerun, const FixRecord* fix) {
    auto const status = fix ? std::string(to_string(fix->status)) : std::string("not run");
    auto const reason = fix ? fix->reason : std::string("the anomaly is not in its report");
    RerunOutcome outcome;
    outcome.line = pull_name(rerun.fix) + " not " + std::string(wording(rerun.reason).done) + ": " +
                   status + " (" + reason + ")";
    outcome.comment = "Medic could not do it this time (" + status + "): " + reason +
                      "\n\nThe pull request stays as it was, at `" +
                      rerun.fix.head_sha.substr(0, 12) + "`.";
    return outcome;
}

/// A retry that failed says so on the pull request's head, where the check run that passed
/// before is.
Result<void> report_failed_retry(const RepositoryAccess& access, const store::PublishedFix& fix,
                                 const FixRecord& record) {
    github::CheckRunSpec spec;
    spec.head_sha = fix.head_sha;
    spec.conclusion = "failure";
    spec.title = "Validated again: " + std::string(to_string(record.status));
    spec.summary = record.reason;
    spec.external_id = fix.anomaly;
    MEDIC_TRY(run, github::ensure_check_run(access.api(), access.ref, spec));
    return {};
}

} // namespace

Result<std::string> GitHubAppActions::record_hand_over(const RepositoryAccess& access,
                                                       const store::PublishedFix& fix,
                                                       const std::string& who) {
    auto const taker = who.empty() ? std::string(k_unknown_taker) : who;
    MEDIC_RETURN_IF_ERROR(m_store.hand_over(fix.repository, fix.number, taker));
    auto const marker = std::string("<!-- medic:handed-over -->");
    auto const person = who.empty() ? std::string("Someone") : "@" + who;
    MEDIC_TRY(said, github::ensure_comment(
                        access.api(), access.ref, static_cast<int>(fix.number), marker,
                        marker + "\n" + person + " pushed to `" + fix.branch +
                            "`, so this pull request is theirs now: Medic will not update, "
                            "rebase or revise it again, and does not merge it. `/medic close` "
                            "still works."));
    return pull_name(fix) + " handed over to " + taker;
}

Result<std::string> GitHubAppActions::hand_over(const BranchPushed& pushed) {
    std::lock_guard repository_lock(lock_for(pushed.repository));
    // Re-read under the lock: a run of Medic's own that pushed this commit records it before it
    // lets go of the repository.
    MEDIC_TRY(fixes, m_store.open_published_fixes(pushed.repository));
    auto const fix = std::ranges::find(*fixes, pushed.fix.number, &store::PublishedFix::number);
    if (fix == fixes->end())
        return pull_name(pushed.fix) + " is closed: nothing to hand over";
    if (fix->head_sha == pushed.after)
        return "push to " + fix->branch + ": Medic's own";
    if (!fix->handed_over.empty())
        return pull_name(*fix) + " handed over to " + fix->handed_over + " already";
    MEDIC_TRY(access, open_repository_api(m_server_config, m_state_dir, m_curl, pushed.repository,
                                          pushed.installation_id, m_metrics));
    return record_hand_over(*access, *fix, pushed.pusher);
}

Result<RerunOutcome> GitHubAppActions::rerun_fix(RepositoryAccess& access, const FixRerun& rerun) {
    auto const& fix = rerun.fix;
    MEDIC_TRY(json, access.api().get(access.ref.path() + "/pulls/" + std::to_string(fix.number)));
    auto const pull = github::pull_request_from_json(*json);
    if (pull.state != "open")
        return RerunOutcome{false, pull_name(fix) + " is closed: not run again", ""};
    if (!fix.handed_over.empty())
        return RerunOutcome{false, pull_name(fix) + " is " + fix.handed_over + "'s now: not run",
                            "this pull request was handed over to " + taker_of(fix.handed_over) +
                                ": Medic no longer changes it."};
    // The branch as git has it (GitHub's pull request may lag a push by a moment): moved by a
    // push whose event has not arrived, or was missed.
    MEDIC_TRY(remote_head,
              git::fetch_branch(access.checkout, access.clone_url, fix.branch, access.git_options));
    if (*remote_head != fix.head_sha) {
        MEDIC_TRY(line, record_hand_over(access, fix, ""));
        return RerunOutcome{false, *line, ""};
    }
    if (fix.report.empty() || !fs::exists(fix.report))
        return RerunOutcome{false, pull_name(fix) + ": its report is not kept",
                            "Medic no longer has the anomaly report this fix came from, so it "
                            "cannot run it again. Send the report again (repository_dispatch) "
                            "and Medic updates this pull request."};
    // Runs of one delivery (a push that rebases several pull requests) keep apart.
    auto const out =
        m_state_dir / "runs" / rerun.delivery_id / ("pr-" + std::to_string(fix.number));
    auto const report_file = out / "anomaly-report.json";
    std::error_code error;
    fs::create_directories(out, error);
    if (!fs::copy_file(fix.report, report_file, fs::copy_options::overwrite_existing, error))
        return fail(ErrorCode::unavailable,
                    "cannot copy " + fix.report + " into " + out.string() + ": " + error.message());
    pipeline::RunRequest request;
    request.out = out;
    request.anomaly_report = report_file.string();
    request.only = {fix.anomaly};
    request.branch_leases[fix.branch] = fix.head_sha;
    auto const earlier = published_draft(fix);
    if (rerun.revision) {
        request.provider = access.config.llm.provider; // the model alone takes feedback
        request.guidance.revision = rerun.revision;
        if (earlier && request.guidance.revision->previous_diff.empty())
            request.guidance.revision->previous_diff = earlier->diff;
    } else if (earlier) {
        request.guidance.earlier_drafts.emplace(fix.anomaly, *earlier);
    }
    MEDIC_TRY(report,
              run_pipeline(access, std::move(request), rerun.delivery_id, rerun.repository));
    auto const* record = record_for(*report, fix.anomaly);
    if (record != nullptr && record->status == FixStatus::published)
        return published_outcome(rerun, *record);
    // A lease that broke: someone pushed while the fix was validated (not Medic: a run that
    // pushed and then failed to update the pull request leaves its own commit there).
    auto const branch =
        git::fetch_branch(access.checkout, access.clone_url, fix.branch, access.git_options);
    bool const ours = record != nullptr && branch && *branch == record->commit;
    if (branch && *branch != fix.head_sha && !ours) {
        MEDIC_TRY(line, record_hand_over(access, fix, ""));
        return RerunOutcome{false, *line, ""};
    }
    if (rerun.reason == RerunReason::retry && record != nullptr && record->verdict)
        MEDIC_RETURN_IF_ERROR(report_failed_retry(access, fix, *record));
    return failed_outcome(rerun, record);
}

} // namespace medic::serve
