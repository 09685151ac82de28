#include "bot/pipeline/run_setup.hpp"
#include "bot/serve/app_actions.hpp"
#include "bot/serve/fix_explanation.hpp"
#include "bot/serve/fix_files.hpp"
#include "bot/serve/merge_decision.hpp"
#include "bot/serve/repository_access.hpp"
#include "github/issues.hpp"
#include "github/permissions.hpp"
#include "github/pull_requests.hpp"

namespace medic::serve {
namespace {

/// The comment that answers command comment `comment_id` (one per command: a job taken again
/// edits it rather than answering twice).
std::string answer_marker(std::int64_t comment_id) {
    return "<!-- medic:answer:" + std::to_string(comment_id) + " -->";
}

std::string refusal(const CommandRun& run, std::string_view permission) {
    return "<!-- medic:refused:" + run.author.login + " -->\n@" + run.author.login +
           ", only people who can push to this repository can steer Medic (you have " +
           std::string(permission) +
           " access). A maintainer can give the command instead; `/medic help` lists them.";
}

/// The comment that answers review `review_id` (one per review).
std::string review_marker(std::int64_t review_id) {
    return "<!-- medic:review:" + std::to_string(review_id) + " -->";
}

/// A revision request: the reviewer's words, and a review's line comments under them.
Result<Revision> revision_of(const CommandRun& run, const RepositoryAccess& access) {
    Revision revision{run.command.argument, run.author.login, {}, run.fix.proof};
    if (run.review_id == 0)
        return revision;
    MEDIC_TRY(comments, github::review_comments(access.api(), access.ref,
                                                static_cast<int>(run.fix.number), run.review_id));
    for (auto const& comment : *comments)
        revision.feedback += "\n\n" + comment.path +
                             (comment.line > 0 ? ":" + std::to_string(comment.line) : "") + ": " +
                             comment.body;
    return revision;
}

/// What a revision of a rule-based fix says first: the rule takes no feedback.
std::string model_note(const CommandRun& run, const MedicConfig& config) {
    if (!run.fix.strategy.starts_with("rules/"))
        return {};
    return "the rule-based fixer (`" + run.fix.strategy.substr(6) +
           "`) cannot take feedback, so Medic asked the model (" + config.llm.provider + ":" +
           config.llm.model + ") for this revision.\n\n";
}

} // namespace

Result<std::string> GitHubAppActions::answer_rerun(const CommandRun& run,
                                                   const std::string& marker) {
    MEDIC_TRY(access, open_repository(m_server_config, m_state_dir, m_curl, run.repository,
                                      run.installation_id, m_metrics));
    bool const revise = run.command.kind == CommandKind::revise;
    if (revise && run.command.argument.empty() && run.review_id == 0) {
        MEDIC_TRY(asked, github::ensure_comment(
                             access->api(), access->ref, static_cast<int>(run.fix.number), marker,
                             marker + "\n@" + run.author.login +
                                 ", say what to change after the command: `/medic revise keep "
                                 "the cache bounded`."));
        return pull_name(run.fix) + ": /medic revise without feedback: asked for it";
    }
    FixRerun rerun{revise ? RerunReason::revise : RerunReason::retry, run.delivery_id,
                   run.repository, run.fix, std::nullopt};
    if (revise) {
        MEDIC_TRY(revision, revision_of(run, *access));
        rerun.revision = std::move(*revision);
    }
    MEDIC_TRY(outcome, rerun_fix(*access, rerun));
    if (!outcome->comment.empty()) {
        auto const lead = revise && outcome->updated ? model_note(run, access->config) : "";
        MEDIC_TRY(answered, github::ensure_comment(access->api(), access->ref,
                                                   static_cast<int>(run.fix.number), marker,
                                                   marker + "\n@" + run.author.login + ", " + lead +
                                                       outcome->comment));
    }
    return outcome->line;
}

Result<std::string> GitHubAppActions::answer_command(const CommandRun& given) {
    auto const what =
        pull_name(given.fix) + ": /medic " + given.command.word + " by " + given.author.login;
    if (is_bot(given.author))
        return what + " (a bot): ignored";
    // One command per repository at a time: two on one pull request never run at once, and each
    // sees what the one before it did (the pull request as the store has it now).
    std::lock_guard repository_lock(lock_for(given.repository));
    MEDIC_TRY(fixes, m_store.open_published_fixes(given.repository));
    auto const current = std::ranges::find(*fixes, given.fix.number, &store::PublishedFix::number);
    if (current == fixes->end())
        return what + ": the pull request is closed, nothing to do";
    CommandRun run = given;
    run.fix = *current;
    MEDIC_TRY(access, open_repository_api(m_server_config, m_state_dir, m_curl, run.repository,
                                          run.installation_id, m_metrics));
    auto& api = access->api();
    auto const number = static_cast<int>(run.fix.number);
    auto permission = m_permissions.find(run.repository, run.author.login);
    if (!permission) {
        MEDIC_TRY(read, github::collaborator_permission(api, access->ref, run.author.login));
        m_permissions.keep(run.repository, run.author.login, *read);
        permission = *read;
    }
    if (authority_of(run.author, *permission) != CommandAuthority::act) {
        MEDIC_TRY(refused, github::ensure_comment(api, access->ref, number,
                                                  "<!-- medic:refused:" + run.author.login + " -->",
                                                  refusal(run, *permission)));
        return what + ": refused (" + *permission + " access)";
    }
    // A comment is acknowledged at once (a review has no reactions in GitHub's API).
    if (run.comment_id > 0)
        MEDIC_RETURN_IF_ERROR(github::react(api, access->ref, run.comment_id, "eyes"));
    auto const marker =
        run.review_id > 0 ? review_marker(run.review_id) : answer_marker(run.comment_id);
    switch (run.command.kind) {
    case CommandKind::revise:
    case CommandKind::retry: {
        MEDIC_TRY(line, answer_rerun(run, marker));
        return what + ": " + *line;
    }
    case CommandKind::help: {
        auto const lead = run.command.unknown
                              ? "`/medic " + run.command.word + "` is no command Medic knows. "
                              : std::string();
        MEDIC_TRY(answered, github::ensure_comment(api, access->ref, number, marker,
                                                   marker + "\n@" + run.author.login + ", " + lead +
                                                       command_help()));
        return what + ": answered with the commands";
    }
    case CommandKind::explain: {
        auto const templates = pipeline::template_dirs_for(
            "", m_state_dir / "repos" / access->ref.owner / access->ref.name);
        MEDIC_TRY(text, explain_fix(run.fix, run.author.login, templates));
        MEDIC_TRY(answered,
                  github::ensure_comment(api, access->ref, number, marker, marker + "\n" + *text));
        return what + ": explained";
    }
    case CommandKind::close: {
        MEDIC_RETURN_IF_ERROR(github::close_pull_request(api, access->ref, number));
        MEDIC_RETURN_IF_ERROR(github::delete_branch(api, access->ref, run.fix.branch));
        // Closed unmerged at a person's request: the learning records keep it as rejected.
        store::PullRequestOutcome outcome{
            run.repository, run.fix.number, run.fix.branch, false, "", wall_clock().now()};
        MEDIC_RETURN_IF_ERROR(record_rejection(m_store, run.fix,
                                               "pull request #" + std::to_string(number) +
                                                   ", closed at @" + run.author.login +
                                                   "'s request"));
        MEDIC_RETURN_IF_ERROR(m_store.record_pull_request_outcome(outcome));
        MEDIC_TRY(answered,
                  github::ensure_comment(
                      api, access->ref, number, marker,
                      marker + "\nClosed at @" + run.author.login + "'s request, and the branch `" +
                          run.fix.branch +
                          "` deleted. Medic records this fix as rejected: it never proposes this "
                          "change for this anomaly again."));
        return what + ": closed, branch deleted";
    }
    }
    return what + ": nothing to do";
}

} // namespace medic::serve
