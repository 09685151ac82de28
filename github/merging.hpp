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

/// Merges `pull` into `base` with `method` (merge, squash, rebase) when its required checks
/// are green; enables auto-merge when they are pending; leaves it when one failed.
Result<MergeOutcome> merge_when_green(GitHubApi& api, const RepoRef& repo, const PullRequest& pull,
                                      const std::string& base, const std::string& method);

/// Turns on GitHub's auto-merge for `pull` (GraphQL enablePullRequestAutoMerge).
Result<MergeOutcome> enable_auto_merge(GitHubApi& api, const PullRequest& pull,
                                       const std::string& method);

} // namespace medic::github
