#include "github/publisher.hpp"

#include "bot/model/result.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace medic::github {

namespace {

/// A step GitHub refused for a reason the run can live with (a reviewer who is no
/// collaborator, a token that may not write check runs) becomes a warning.
bool tolerable(const Error& error) {
    return error.code == ErrorCode::invalid_input;
}

Result<void> note(std::vector<std::string>& warnings, const std::string& step, Result<void> done) {
    if (done)
        return {};
    if (!tolerable(done.error()))
        return done;
    warnings.push_back(step + ": " + done.error().message);
    return {};
}

Result<void> ask_reviewers(GitHubApi& api, const PullRequestPlan& plan,
                           PullRequestOutcome& outcome) {
    if (!outcome.pull.created)
        return {}; // asking again would re-request reviews and notify everyone on every run
    MEDIC_TRY(asked, request_reviewers(api, plan.repo, outcome.pull, plan.reviewers.users,
                                       plan.reviewers.teams));
    outcome.reviewers = *asked;
    return {};
}

Result<void> report_check(GitHubApi& api, const PullRequestPlan& plan,
                          const PullRequestOutcome& outcome) {
    auto spec = *plan.check_run;
    spec.head_sha = plan.head_sha.empty() ? outcome.pull.head_sha : plan.head_sha;
    MEDIC_TRY(run, ensure_check_run(api, plan.repo, spec));
    return {};
}

Result<void> decide_merge(GitHubApi& api, const PullRequestPlan& plan, const PublishConfig& config,
                          PullRequestOutcome& outcome) {
    auto facts = plan.merge_facts;
    facts.labels = outcome.pull.labels; // as GitHub has them: Medic's own cannot be a go-ahead
    if (auto const refusal = auto_merge_refusal(config.auto_merge, facts)) {
        outcome.merge = {"not merged", *refusal};
        if (!outcome.pull.auto_merge) // an earlier run's auto-merge must not merge this commit
            return {};
        outcome.merge.detail += "; auto-merge turned off";
        return disable_auto_merge(api, outcome.pull);
    }
    auto const sha = plan.head_sha.empty() ? outcome.pull.head_sha : plan.head_sha;
    MEDIC_TRY(merged, merge_when_green(api, plan.repo, outcome.pull, plan.pull.base, sha,
                                       config.auto_merge.method));
    outcome.merge = *merged;
    return {};
}

} // namespace

Result<PullRequestOutcome> publish_pull_request(GitHubApi& api, const PullRequestPlan& plan,
                                                const PublishConfig& config) {
    if (!plan.head_sha.empty())
        MEDIC_RETURN_IF_ERROR(ensure_branch(api, plan.repo, plan.pull.branch, plan.head_sha));
    MEDIC_TRY(pull, ensure_pull_request(api, plan.repo, plan.pull));
    PullRequestOutcome outcome{*pull, {}, {}, {}};
    auto& warnings = outcome.warnings;
    std::pair<const char*, std::function<Result<void>()>> const steps[] = {
        {"labels", [&] { return ensure_labels(api, plan.repo, pull->number, plan.labels); }},
        {"reviewers", [&] { return ask_reviewers(api, plan, outcome); }},
        {"comment",
         [&] {
             auto id = ensure_comment(api, plan.repo, pull->number, plan.comment_marker,
                                      plan.comment_body);
             return id ? Result<void>{} : std::unexpected(id.error());
         }},
        {"check run",
         [&] { return plan.check_run ? report_check(api, plan, outcome) : Result<void>{}; }},
        {"merge", [&] { return decide_merge(api, plan, config, outcome); }},
    };
    for (auto const& [step, run] : steps)
        if (auto done = note(warnings, step, run()); !done) {
            // The PR exists: report it with what failed; the next run's ensure steps resume.
            outcome.failure = std::string(step) + ": " + done.error().message;
            break;
        }
    return outcome;
}

} // namespace medic::github
