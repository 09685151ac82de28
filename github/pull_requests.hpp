#pragma once
// Idempotent pull-request operations keyed by Medic's branch (one branch per anomaly
// fingerprint): a re-run converges on the same PR, labels, reviewers and comment.

#include "github/api_client.hpp"
#include "github/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace medic::github {

/// The PR a fix should have.
struct PullRequestSpec {
    std::string branch; ///< Head branch in the same repository.
    std::string base;   ///< Usually the default branch.
    std::string title;
    std::string body;
    bool draft = false;
};

/// A PR as GitHub reports it, and what ensuring it did.
struct PullRequest {
    int number = 0;
    std::string node_id; ///< For GraphQL (auto-merge).
    std::string html_url;
    std::string head_sha;
    std::string state; ///< "open" or "closed".
    bool draft = false;
    bool merged = false;
    bool auto_merge = false; ///< GitHub will merge it once its checks pass.
    std::string author;      ///< user.login
    std::string created_at;  ///< RFC 3339
    std::vector<std::string> labels;
    bool created = false; ///< Opened by this call.
    bool updated = false; ///< Title or body changed by this call.
};

/// What ensure_branch found and did.
enum class BranchChange { unchanged, created, moved };

/// Makes refs/heads/<branch> on GitHub point at `sha` (Git database API): nothing when it does
/// already — the usual case right after a push, so this is how Medic checks that the push
/// reached the repository it opens PRs on — else creates or force-moves it.
Result<BranchChange> ensure_branch(GitHubApi& api, const RepoRef& repo, const std::string& branch,
                                   const std::string& sha);

/// Reads the fields Medic uses from GitHub's pull-request object.
PullRequest pull_request_from_json(const nlohmann::json& json);

/// The most recent PR whose head is `branch` (any state), if there is one.
Result<std::optional<PullRequest>> find_pull_request(GitHubApi& api, const RepoRef& repo,
                                                     const std::string& branch);

/// Opens the PR for spec.branch, or brings an open one's title, body and draft state up to date
/// (the draft state through GraphQL: REST cannot change it). A PR a person closed is not
/// reopened: that is an Error (conflict) saying so.
Result<PullRequest> ensure_pull_request(GitHubApi& api, const RepoRef& repo,
                                        const PullRequestSpec& spec);

/// Creates the labels the repository lacks, then adds them to PR/issue `number` (idempotent).
Result<void> ensure_labels(GitHubApi& api, const RepoRef& repo, int number,
                           const std::vector<std::string>& labels);

/// Asks `users` and `teams` (org/team or team slug) to review PR `number`; users who are the
/// PR's author are left out. Returns who was asked.
Result<std::vector<std::string>> request_reviewers(GitHubApi& api, const RepoRef& repo,
                                                   const PullRequest& pull,
                                                   const std::vector<std::string>& users,
                                                   const std::vector<std::string>& teams);

/// Closes PR `number` (nothing when it is closed already).
Result<void> close_pull_request(GitHubApi& api, const RepoRef& repo, int number);

/// Deletes refs/heads/<branch>; a branch that is gone already is no error.
Result<void> delete_branch(GitHubApi& api, const RepoRef& repo, const std::string& branch);

/// One comment on issue/PR `number` that contains `marker`: created, or edited when its body
/// differs. Returns the comment's id.
Result<std::int64_t> ensure_comment(GitHubApi& api, const RepoRef& repo, int number,
                                    const std::string& marker, const std::string& body);

} // namespace medic::github
