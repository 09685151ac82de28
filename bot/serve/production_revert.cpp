// The revert of a merged fix production found worse (SapFix treats a revert as a fix of its
// own): `git revert` of its merge commit on today's default branch, built and tested, pushed to
// medic/revert-<number> and opened as a pull request labelled medic:revert that links the
// original and shows the before/after evidence.

#include "bot/pipeline/revert.hpp"
#include "bot/process/posix_process_runner.hpp"
#include "bot/serve/app_actions.hpp"
#include "bot/serve/production_watch.hpp"
#include "generators/docs/markdown.hpp"
#include "github/pull_requests.hpp"

namespace medic::serve {
namespace {

std::string revert_title(const store::ProductionCheck& check) {
    return "Revert #" + std::to_string(check.pull_request) + ": " +
           plain_line(check.handler.empty() ? check.anomaly : check.handler) +
           " got worse in production";
}

std::string revert_body(const store::ProductionCheck& check, const Verdict& verdict) {
    return "<!-- medic:revert:" + std::to_string(check.pull_request) + " -->\n" + "### Revert #" +
           std::to_string(check.pull_request) + ": production got worse after the merge\n\n" +
           inline_code(check.handler.empty() ? check.anomaly : check.handler) + " " +
           markdown_prose(check.reason) + ".\n\n" + "This reverts " +
           inline_code(check.merge_commit.substr(0, 12)) + ", the merge of #" +
           std::to_string(check.pull_request) + ", on " +
           inline_code(verdict.base_commit.substr(0, 12)) + ". " + markdown_prose(verdict.reason) +
           ".\n\n" +
           "Production was compared with the distribution the anomaly's evidence recorded before "
           "the merge (one-sided Mann-Whitney U on the latencies, Fisher's exact test on the "
           "errors, p < 0.01). Close this pull request if the measurement is wrong.\n";
}

} // namespace

Result<RevertPull> GitHubAppActions::open_revert(const store::ProductionCheck& check,
                                                 std::int64_t installation_id) {
    if (check.merge_commit.empty())
        return RevertPull{0,
                          "GitHub gave no merge commit for #" + std::to_string(check.pull_request)};
    MEDIC_TRY(access, open_repository(m_server_config, m_state_dir, m_curl, check.repository,
                                      installation_id, m_metrics));
    pipeline::RevertRequest request;
    request.repo = access->checkout;
    request.base_commit = access->commit;
    request.reverted = check.merge_commit;
    request.anomaly_id = check.anomaly;
    request.kind = parse_anomaly_kind(check.kind).value_or(AnomalyKind::slow);
    request.handler = check.handler;
    request.branch = revert_branch(check.pull_request);
    request.message = revert_title(check) + "\n\nThis reverts commit " + check.merge_commit + ": " +
                      plain_line(check.reason) + ".\n";
    request.config = access->config;
    request.work_dir = m_state_dir / "work" / access->ref.owner / access->ref.name;
    request.remote = access->clone_url;
    request.push = access->git_options;
    process::PosixProcessRunner runner;
    MEDIC_TRY(reverted, pipeline::prove_and_push_revert(request, runner));
    if (reverted->commit.empty())
        return RevertPull{0, plain_line(reverted->verdict.reason)};
    MEDIC_TRY(pull, github::ensure_pull_request(access->api(), access->ref,
                                                {request.branch, access->default_branch,
                                                 revert_title(check),
                                                 revert_body(check, reverted->verdict), false}));
    MEDIC_RETURN_IF_ERROR(
        github::ensure_labels(access->api(), access->ref, pull->number, {"medic:revert"}));
    MEDIC_RETURN_IF_ERROR(
        m_store.record_revert(check.repository, check.pull_request, pull->number));
    return RevertPull{pull->number, ""};
}

} // namespace medic::serve
