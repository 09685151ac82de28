// check_suite / check_run completed on the head of one of Medic's published pull requests: the
// merge decision the publishing step makes (github/publisher.cpp), made again now that the
// checks have an answer — with the repository's current policy, GitHub's current labels and
// head, and the facts the store kept from the run that validated the fix.

#include "bot/serve/merge_decision.hpp"

#include "bot/model/strategy.hpp"
#include "bot/serve/app_actions.hpp"
#include "github/merging.hpp"
#include "github/policy.hpp"

namespace medic::serve {
namespace {

github::MergeFacts facts_of(const store::PublishedFix& fix, const github::PullRequest& pull) {
    auto const kind = fix.strategy.substr(0, fix.strategy.find('/'));
    // An unreadable strategy is not trusted: model fixes are the ones a policy may exclude.
    auto const strategy = parse_strategy(kind).value_or(Strategy::llm);
    return {fix.validated, strategy, fix.diff_lines, pull.labels};
}

} // namespace

std::string pull_name(const store::PublishedFix& fix) {
    return fix.repository + "#" + std::to_string(fix.number);
}

Result<std::string> decide_on_pull(const RepositoryAccess& access, const store::PublishedFix& fix,
                                   const github::PullRequest& pull) {
    if (!fix.handed_over.empty())
        return pull_name(fix) + " not merged: handed over to " + fix.handed_over;
    auto const& rule = access.config.publish.auto_merge;
    if (auto const refusal = github::auto_merge_refusal(rule, facts_of(fix, pull)))
        return pull_name(fix) + " not merged: " + *refusal;
    MEDIC_TRY(merge, github::merge_when_green(access.api(), access.ref, pull, access.default_branch,
                                              fix.head_sha, rule.method));
    if (merge->action == "merged" && access.metrics != nullptr)
        access.metrics->count_pull_request("merged");
    return pull_name(fix) + ": " + merge->action +
           (merge->detail.empty() ? "" : " (" + merge->detail + ")");
}

Result<std::string> GitHubAppActions::decide_merge(const MergeCandidate& candidate) {
    auto const& fix = candidate.fix;
    std::lock_guard repository_lock(lock_for(candidate.repository));
    MEDIC_TRY(access, open_repository(m_server_config, m_state_dir, m_curl, candidate.repository,
                                      candidate.installation_id, m_metrics));
    MEDIC_TRY(json, access->api().get(access->ref.path() + "/pulls/" + std::to_string(fix.number)));
    auto const pull = github::pull_request_from_json(*json);
    if (pull.merged)
        return pull_name(fix) + " is merged already";
    if (pull.state != "open")
        return pull_name(fix) + " is closed: not merged";
    return decide_on_pull(*access, fix, pull);
}

} // namespace medic::serve
