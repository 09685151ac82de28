#include "bot/serve/app_actions.hpp"
#include "bot/serve/repository_access.hpp"
#include "github/permissions.hpp"
#include "github/pull_requests.hpp"

namespace medic::serve {
namespace {

std::string pull_name(const CommandRun& run) {
    return run.repository + "#" + std::to_string(run.fix.number);
}

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

std::string explanation(const CommandRun& run) {
    auto const& fix = run.fix;
    std::string text = "@" + run.author.login + ", what Medic knows about this fix:\n\n";
    text += "- **Anomaly** `" + fix.anomaly +
            "`: its evidence and the root cause are in this "
            "pull request's description and in `docs/medic/` "
            "of the branch.\n";
    text += "- **Fix**: " + fix.strategy + ", " + std::to_string(fix.diff_lines) +
            " lines changed, validated at `" + fix.head_sha.substr(0, 12) + "`.\n";
    text += "- **Proof**: " + (fix.proof.empty() ? std::string("not recorded") : fix.proof) +
            (fix.validated ? "" : " (not fully validated)") + "\n";
    if (!fix.conflict.empty())
        text += "- **Conflict**: " + fix.conflict + "\n";
    text += "\nTo reproduce the validation on your machine, with the anomaly report CI sent:\n\n"
            "```sh\ngit fetch origin " +
            fix.branch +
            "\ngit diff HEAD...FETCH_HEAD > fix.diff\n"
            "medic validate --repo . --patch fix.diff --anomalies anomalies.json\n"
            "```\n";
    return text;
}

} // namespace

Result<std::string> GitHubAppActions::answer_command(const CommandRun& run) {
    auto const what = pull_name(run) + ": /medic " + run.command.word + " by " + run.author.login;
    if (is_bot(run.author))
        return what + " (a bot): ignored";
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
    MEDIC_RETURN_IF_ERROR(github::react(api, access->ref, run.comment_id, "eyes"));
    auto const marker = answer_marker(run.comment_id);
    switch (run.command.kind) {
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
        MEDIC_TRY(answered, github::ensure_comment(api, access->ref, number, marker,
                                                   marker + "\n" + explanation(run)));
        return what + ": explained";
    }
    case CommandKind::close: {
        std::lock_guard repository_lock(lock_for(run.repository));
        MEDIC_RETURN_IF_ERROR(github::close_pull_request(api, access->ref, number));
        MEDIC_RETURN_IF_ERROR(github::delete_branch(api, access->ref, run.fix.branch));
        // Closed unmerged at a person's request: the learning records keep it as rejected.
        store::PullRequestOutcome outcome{
            run.repository, run.fix.number, run.fix.branch, false, "", wall_clock().now()};
        MEDIC_RETURN_IF_ERROR(m_store.record_pull_request_outcome(outcome));
        MEDIC_TRY(answered,
                  github::ensure_comment(api, access->ref, number, marker,
                                         marker + "\nClosed at @" + run.author.login +
                                             "'s request, and the branch `" + run.fix.branch +
                                             "` deleted. Medic records this fix as rejected."));
        return what + ": closed, branch deleted";
    }
    }
    return what + ": nothing to do";
}

} // namespace medic::serve
