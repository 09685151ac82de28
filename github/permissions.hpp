#pragma once
// Who may steer Medic from a pull request: the collaborator permission GitHub reports for a
// user (GET /repos/{owner}/{repo}/collaborators/{username}/permission) — never the webhook's
// author_association, which misreports private organisation members — and the reaction that
// acknowledges a command at once.

#include "github/api_client.hpp"
#include "github/repository.hpp"

#include <string>
#include <string_view>

namespace medic::github {

/// The user's role on the repository: admin, maintain, write, triage, read or none (a user who
/// is no collaborator).
Result<std::string> collaborator_permission(GitHubApi& api, const RepoRef& repo,
                                            std::string_view user);

/// True for the roles that may push: write, maintain, admin.
bool may_push(std::string_view permission);

/// Adds reaction `content` (eyes, +1, -1, confused, rocket, ...) to issue comment `comment_id`;
/// adding one that is there already changes nothing.
Result<void> react(GitHubApi& api, const RepoRef& repo, std::int64_t comment_id,
                   std::string_view content);

} // namespace medic::github
