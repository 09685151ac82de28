#pragma once
// One fix's pull request, end to end on GitHub once its branch is pushed: the PR itself,
// labels, reviewers, the status comment, the `medic/validation` check run, and the merge the
// policy allows. Every step is idempotent, so a re-run updates instead of duplicating.

#include "bot/model/config.hpp"
#include "github/checks.hpp"
#include "github/codeowners.hpp"
#include "github/merging.hpp"
#include "github/policy.hpp"
#include "github/pull_requests.hpp"

#include <optional>
#include <string>
#include <vector>

namespace medic::github {

/// Everything one fix's PR should look like.
struct PullRequestPlan {
    RepoRef repo;
    PullRequestSpec pull;
    std::string head_sha; ///< The pushed commit GitHub must show on the branch (empty: unchecked).
    std::vector<std::string> labels;
    Owners reviewers;
    std::string comment_marker; ///< Identifies Medic's status comment (the fingerprint).
    std::string comment_body;
    std::optional<CheckRunSpec> check_run;
    MergeFacts merge_facts;
};

/// What publishing the PR did.
struct PullRequestOutcome {
    PullRequest pull;
    std::vector<std::string> reviewers; ///< Asked to review in this run.
    MergeOutcome merge;
    std::vector<std::string> warnings; ///< Steps that could not be done, and why (not fatal).
    std::string failure; ///< The step that failed and stopped the rest (empty: all done).
};

/// Opens or updates the PR and brings everything around it in line with `plan`. An Error
/// means there is no PR; once there is one, a failed step is reported in `failure`.
Result<PullRequestOutcome> publish_pull_request(GitHubApi& api, const PullRequestPlan& plan,
                                                const PublishConfig& config);

} // namespace medic::github
