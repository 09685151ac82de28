#pragma once
// The publishing policy (SPEC "Publish"): Renovate-style limits on Medic's pull requests, and
// when a fix may merge itself.

#include "bot/model/config.hpp"
#include "github/api_client.hpp"
#include "github/repository.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace medic::github {

/// Branches Medic owns start with this; they are how its PRs are counted.
inline constexpr std::string_view k_branch_prefix = "medic/";

/// How many Medic PRs are open, and how many were opened in the last hour, kept current as
/// one run opens more.
class PullRequestBudget {
public:
    /// Counts Medic's PRs on GitHub (open ones; those created in the hour before `now`).
    static Result<PullRequestBudget> load(GitHubApi& api, const RepoRef& repo,
                                          const PublishConfig& config,
                                          std::chrono::system_clock::time_point now);

    /// Why no new PR may be opened now, or nothing when one may.
    [[nodiscard]] std::optional<std::string> refusal() const;
    /// Records a PR this run opened.
    void opened();

    [[nodiscard]] int open() const { return m_open; }
    [[nodiscard]] int new_last_hour() const { return m_new_last_hour; }

private:
    int m_open = 0;
    int m_new_last_hour = 0;
    int m_max_open = 0;
    int m_max_new_per_hour = 0;
};

/// What the auto-merge rule looks at.
struct MergeFacts {
    bool validated = false;
    Strategy strategy = Strategy::rules;
    int diff_lines = 0;              ///< Added + removed lines of the fix's diff.
    std::vector<std::string> labels; ///< The PR's labels on GitHub.
};

/// Why the rule does not let this fix merge itself, or nothing when it does.
std::optional<std::string> auto_merge_refusal(const AutoMergeConfig& rule, const MergeFacts& facts);

} // namespace medic::github
