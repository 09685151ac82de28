#pragma once
// The `medic/validation` check run (Checks API, GitHub Apps only), and whether a commit's
// required checks are green — the condition for auto-merging (SPEC "Publish").

#include "github/api_client.hpp"
#include "github/repository.hpp"

#include <string>
#include <vector>

namespace medic::github {

/// One line-level note on the check run (GitHub: path, lines, level, message).
struct CheckAnnotation {
    std::string path;
    int start_line = 1;
    int end_line = 1;
    std::string level = "notice"; ///< notice, warning or failure.
    std::string title;
    std::string message;
};

/// The check run Medic reports on a fix's head commit.
struct CheckRunSpec {
    std::string name = "medic/validation";
    std::string head_sha;
    std::string conclusion; ///< success, failure, neutral, ...
    std::string title;
    std::string summary; ///< Markdown.
    std::string text;    ///< Markdown details.
    std::vector<CheckAnnotation> annotations;
    std::string external_id; ///< The anomaly fingerprint.
};

/// GitHub accepts at most this many annotations per request.
inline constexpr std::size_t k_annotations_per_request = 50;

/// Creates the check run on spec.head_sha with its annotations, 50 per request, or updates
/// the outcome of the one already there (whose annotations, for the same commit, are there
/// already). Returns its id.
Result<std::int64_t> ensure_check_run(GitHubApi& api, const RepoRef& repo,
                                      const CheckRunSpec& spec);

/// Whether a commit may merge under the base branch's protection.
struct ChecksState {
    std::vector<std::string> required; ///< Contexts branch protection requires (may be empty).
    std::vector<std::string> failing;  ///< Required and concluded otherwise than success.
    std::vector<std::string> pending;  ///< Required and not concluded (or not reported yet).
    [[nodiscard]] bool green() const { return failing.empty() && pending.empty(); }
};

/// The required checks of `base` (404 "Branch not protected": none) and how they stand on
/// `sha`, from its check runs and commit statuses.
Result<ChecksState> required_checks_state(GitHubApi& api, const RepoRef& repo,
                                          const std::string& base, const std::string& sha);

} // namespace medic::github
