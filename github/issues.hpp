#pragma once
// Issues Medic opens for people (one per anomaly it could not fix, keyed by a marker in the body,
// as Renovate keys its dependency dashboard), and the line comments of a review (what a reviewer
// asked to change, for a revision).

#include "github/api_client.hpp"
#include "github/repository.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace medic::github {

/// What one of Medic's issues should say.
struct IssueSpec {
    std::string marker; ///< An HTML comment in the body that identifies the issue.
    std::string title;
    std::string body;  ///< Markdown; must contain the marker.
    std::string label; ///< Put on the issue, and what the search for it lists.
};

/// The open issue labelled `spec.label` whose body holds the marker, with its title and body
/// brought up to date (nothing written when they are), or a new one. Returns its number.
Result<int> ensure_issue(GitHubApi& api, const RepoRef& repo, const IssueSpec& spec);

/// Comments `comment` on issue `number` and closes it as completed; an issue closed already
/// (by a person, say) is left as it is.
Result<void> close_issue(GitHubApi& api, const RepoRef& repo, int number,
                         const std::string& comment);

/// A line comment of a review.
struct ReviewComment {
    std::string path;
    int line = 0; ///< 0 for a comment on the file as a whole.
    std::string body;
};

/// The line comments of review `review_id` on pull request `number`.
Result<std::vector<ReviewComment>> review_comments(GitHubApi& api, const RepoRef& repo, int number,
                                                   std::int64_t review_id);

} // namespace medic::github
