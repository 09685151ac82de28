#include "github/policy.hpp"

#include "bot/model/json.hpp"
#include "bot/model/result.hpp"
#include "bot/model/time.hpp"

#include <algorithm>

namespace medic::github {

namespace {

/// A PR from one of Medic's branches in the repository itself (not a fork's branch that
/// happens to share the prefix; a deleted fork's head.repo is null).
bool is_medic_pull(const nlohmann::json& pull, const RepoRef& repo) {
    auto const head = pull.find("head");
    if (head == pull.end() || !head->is_object())
        return false;
    auto const ref = head->find("ref");
    auto const head_repo = head->find("repo");
    return ref != head->end() && ref->is_string() &&
           ref->get<std::string>().starts_with(k_branch_prefix) && head_repo != head->end() &&
           text_of(*head_repo, "full_name") == repo.full_name();
}

std::int64_t created_ms(const nlohmann::json& pull) {
    return parse_rfc3339_ms(text_of(pull, "created_at")).value_or(0);
}

} // namespace

Result<PullRequestBudget> PullRequestBudget::load(GitHubApi& api, const RepoRef& repo,
                                                  const PublishConfig& config,
                                                  std::chrono::system_clock::time_point now) {
    PullRequestBudget budget;
    budget.m_max_open = config.max_open_prs;
    budget.m_max_new_per_hour = config.max_new_per_hour;
    MEDIC_TRY(open, api.list(repo.path() + "/pulls?state=open"));
    budget.m_open = static_cast<int>(
        std::ranges::count_if(*open, [&](auto const& pull) { return is_medic_pull(pull, repo); }));
    auto const hour_ago_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() -
        3'600'000;
    // Newest first: stop at the first PR older than an hour.
    MEDIC_TRY(recent,
              api.list(repo.path() + "/pulls?state=all&sort=created&direction=desc",
                       std::numeric_limits<std::size_t>::max(),
                       [&](const nlohmann::json& pull) { return created_ms(pull) < hour_ago_ms; }));
    budget.m_new_last_hour = static_cast<int>(std::ranges::count_if(
        *recent, [&](auto const& pull) { return is_medic_pull(pull, repo); }));
    return budget;
}

std::optional<std::string> PullRequestBudget::refusal() const {
    if (m_open >= m_max_open)
        return std::to_string(m_open) + " Medic pull requests are open (publish.max_open_prs: " +
               std::to_string(m_max_open) + "); merge or close some first";
    if (m_new_last_hour >= m_max_new_per_hour)
        return std::to_string(m_new_last_hour) +
               " Medic pull requests were opened in the last hour (publish.max_new_per_hour: " +
               std::to_string(m_max_new_per_hour) + "); the next run opens more";
    return std::nullopt;
}

void PullRequestBudget::opened() {
    ++m_open;
    ++m_new_last_hour;
}

std::optional<std::string> auto_merge_refusal(const AutoMergeConfig& rule,
                                              const MergeFacts& facts) {
    if (!rule.enabled)
        return "auto-merge is off (publish.auto_merge.enabled)";
    if (!facts.validated)
        return "the fix is not fully validated";
    if (std::ranges::find(rule.strategies, facts.strategy) == rule.strategies.end())
        return "a " + std::string(to_string(facts.strategy)) +
               " fix may not merge itself (publish.auto_merge.strategies)";
    if (facts.diff_lines > rule.max_diff_lines)
        return "the fix changes " + std::to_string(facts.diff_lines) +
               " lines (publish.auto_merge.max_diff_lines: " + std::to_string(rule.max_diff_lines) +
               ")";
    if (!rule.label.empty() && std::ranges::find(facts.labels, rule.label) == facts.labels.end())
        return "the pull request lacks the label \"" + rule.label + "\"";
    return std::nullopt;
}

} // namespace medic::github
