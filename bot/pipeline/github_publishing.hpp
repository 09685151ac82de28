#pragma once
// `publish: github`: a validated fix becomes a pull request — its branch pushed with the
// token, then the PR, labels, reviewers, comment, check run and merge (github/publisher.hpp),
// within the policy's limits.

#include "bot/model/anomaly.hpp"
#include "bot/model/config.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/verdict.hpp"
#include "github/api_client.hpp"
#include "github/codeowners.hpp"
#include "github/policy.hpp"
#include "github/publisher.hpp"
#include "github/repository.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace medic::pipeline {

/// What every fix of one run publishes to.
struct GitHubTarget {
    github::GitHubApi& api;
    github::RepoRef repo;
    std::string base_branch; ///< The repository's default branch: every PR's base.
    std::string push_url;    ///< Where branches are pushed (HTTPS with the token).
    std::string ca_file;     ///< For HTTPS pushes to a server with a private CA.
    std::optional<github::CodeOwners> owners;
    std::optional<github::PullRequestBudget> budget; ///< Loaded on the first new PR.
};

/// The repository named by github.repository, else by `repo`'s origin remote.
Result<github::RepoRef> configured_repository(const GitHubConfig& config,
                                              const std::filesystem::path& repo);

/// Connects to the repository the configuration names (or origin's URL names): reads its
/// default branch, and says what to fix when the token cannot see it.
Result<GitHubTarget> connect_github(github::GitHubApi& api, const MedicConfig& config,
                                    const std::filesystem::path& repo,
                                    const std::string& remote_override);

/// Why `branch` must not be published now (its PR was merged or closed by a person, or a new
/// PR would break the policy's limits), or nothing.
Result<std::optional<std::string>>
github_hold_reason(GitHubTarget& target, const PublishConfig& policy, const std::string& branch);

/// The inputs of one fix's PR.
struct FixForGitHub {
    const Anomaly& anomaly;
    const PatchDraft& draft;
    const Verdict& verdict;
    std::string branch;
    std::string commit; ///< What the branch was pushed to.
    std::string title;
    std::string body;
    bool draft_pr = false; ///< Partially validated: opened as a draft.
};

/// Opens or updates the fix's PR (the branch must be pushed already).
Result<github::PullRequestOutcome>
publish_fix_pull_request(GitHubTarget& target, const FixForGitHub& fix, const MedicConfig& config);

/// Added + removed lines of the fix's diff as git counts them (unreadable: INT_MAX, so such a
/// fix never passes publish.auto_merge.max_diff_lines).
int fix_diff_lines(const PatchDraft& draft);

/// Check-run annotations for the lines a diff adds or changes (one per hunk).
std::vector<github::CheckAnnotation> annotations_for(const PatchDraft& draft);

} // namespace medic::pipeline
