// A push moved the default branch: each of Medic's open pull requests is merged with the new
// base in memory (libgit2, in the server's clone) and marked in the store when it conflicts, and
// only those are brought onto the new base (the fix re-applied, or drafted anew when it no longer
// applies, validated again, and pushed with a lease): a branch that still merges is left alone
// (rebasing it would cost a CI run for nothing), and so is one a person took over.

#include "bot/git/merge_check.hpp"
#include "bot/model/text.hpp"
#include "bot/serve/app_actions.hpp"
#include "bot/serve/fix_files.hpp"
#include "bot/serve/repository_access.hpp"
#include "github/pull_requests.hpp"

namespace medic::serve {
namespace {

/// Whether `fix`'s branch, as the remote has it now, conflicts with `access`'s default branch:
/// the reason to record, or "" when it merges cleanly.
Result<std::string> conflict_of(const RepositoryAccess& access, const store::PublishedFix& fix) {
    MEDIC_TRY(head,
              git::fetch_branch(access.checkout, access.clone_url, fix.branch, access.git_options));
    MEDIC_TRY(paths, git::merge_conflicts(access.checkout, access.commit, *head));
    if (paths->empty())
        return std::string();
    return "conflicts with " + access.default_branch + " at " + access.commit.substr(0, 12) +
           " in " + join(*paths, ", ");
}

} // namespace

Result<std::string> GitHubAppActions::rebase(RepositoryAccess& access, const BaseMoved& moved,
                                             const store::PublishedFix& fix) {
    if (!fix.handed_over.empty())
        return "left to " + taker_of(fix.handed_over) + ", who took it over";
    FixRerun rerun{RerunReason::rebase, moved.delivery_id, moved.repository, fix, std::nullopt};
    MEDIC_TRY(outcome, rerun_fix(access, rerun));
    if (!outcome->comment.empty()) {
        auto const marker = "<!-- medic:rebase:" + access.commit + " -->";
        MEDIC_TRY(said, github::ensure_comment(
                            access.api(), access.ref, static_cast<int>(fix.number), marker,
                            marker + "\n`" + access.default_branch + "` moved to `" +
                                access.commit.substr(0, 12) +
                                "` and this branch conflicted with it. " + outcome->comment));
    }
    return outcome->line;
}

Result<std::string> GitHubAppActions::mark_conflicts(const BaseMoved& moved) {
    std::lock_guard repository_lock(lock_for(moved.repository));
    MEDIC_TRY(access, open_repository(m_server_config, m_state_dir, m_curl, moved.repository,
                                      moved.installation_id, m_metrics));
    // The pull requests as the store has them now (a revision may have moved one since the push
    // was queued).
    MEDIC_TRY(fixes, m_store.open_published_fixes(moved.repository));
    std::string lines;
    for (auto const& fix : *fixes) {
        auto const line = bring_up_to_date(*access, moved, fix);
        if (!line && line.error().code == ErrorCode::not_found)
            continue; // its branch is gone: the pull_request closed event records the end
        // One pull request that cannot be checked does not stop the others.
        lines += (lines.empty() ? "#" : "; #") + std::to_string(fix.number) + " " +
                 (line ? *line : "not checked: " + line.error().message);
    }
    return moved.repository + ": " + (lines.empty() ? "no Medic branch left" : lines);
}

Result<std::string> GitHubAppActions::bring_up_to_date(RepositoryAccess& access,
                                                       const BaseMoved& moved,
                                                       const store::PublishedFix& fix) {
    MEDIC_TRY(why, conflict_of(access, fix));
    if (*why != fix.conflict)
        MEDIC_RETURN_IF_ERROR(m_store.mark_conflict(moved.repository, fix.number, *why));
    if (why->empty())
        return std::string("merges cleanly");
    MEDIC_TRY(rebased, rebase(access, moved, fix));
    return *why + ": " + *rebased;
}

} // namespace medic::serve
