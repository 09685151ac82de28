#pragma once
// Merging a Medic PR the policy allows: at once through REST when the required checks are
// green, else through GraphQL auto-merge (GitHub merges once they pass); never over a failure.

#include "github/api_client.hpp"
#include "github/pull_requests.hpp"
#include "github/repository.hpp"

#include <string>

namespace medic::github {

/// What happened to the PR's merge.
struct MergeOutcome {
    std::string
        action; ///< "merged", "auto-merge enabled", "auto-merge already enabled", "not merged"
    std::string detail; ///< The checks involved, or why not.
};

/// Merges `pull` into `base` with `method` (merge, squash, rebase) when the required checks of
/// `sha` — the commit Medic validated, which must still be the PR's head — are green; enables
/// auto-merge (pinned to `sha`) when they are pending; leaves it when one failed or GitHub
/// refuses for a reason of its own (reviews, rulesets): "not merged" with GitHub's words.
Result<MergeOutcome> merge_when_green(GitHubApi& api, const RepoRef& repo, const PullRequest& pull,
                                      const std::string& base, const std::string& sha,
                                      const std::string& method);

/// Turns on GitHub's auto-merge for `pull` at head `sha` (GraphQL enablePullRequestAutoMerge).
Result<MergeOutcome> enable_auto_merge(GitHubApi& api, const PullRequest& pull,
                                       const std::string& sha, const std::string& method);

/// Turns GitHub's auto-merge off again (the policy no longer allows this PR to merge itself).
Result<void> disable_auto_merge(GitHubApi& api, const PullRequest& pull);

} // namespace medic::github
