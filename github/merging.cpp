#include "github/merging.hpp"

#include "bot/model/json.hpp"
#include "bot/model/result.hpp"
#include "bot/model/text.hpp"
#include "github/checks.hpp"

#include <algorithm>
#include <cctype>

namespace medic::github {

namespace {

constexpr std::string_view k_enable_auto_merge =
    R"(mutation($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!, $expectedHeadOid: GitObjectID) {
  enablePullRequestAutoMerge(input: {pullRequestId: $pullRequestId, mergeMethod: $mergeMethod, expectedHeadOid: $expectedHeadOid}) {
    pullRequest { number merged autoMergeRequest { enabledAt mergeMethod } }
  }
})";

constexpr std::string_view k_disable_auto_merge = R"(mutation($pullRequestId: ID!) {
  disablePullRequestAutoMerge(input: {pullRequestId: $pullRequestId}) {
    pullRequest { number autoMergeRequest { enabledAt } }
  }
})";

std::string upper(std::string text) {
    std::ranges::transform(text, text.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

Result<MergeOutcome> merge_now(GitHubApi& api, const RepoRef& repo, const PullRequest& pull,
                               const std::string& sha, const std::string& method,
                               const ChecksState& checks) {
    nlohmann::json const body{{"merge_method", method}, {"sha", sha}};
    auto merged = api.put(repo.path() + "/pulls/" + std::to_string(pull.number) + "/merge", body);
    if (!merged && merged.error().code == ErrorCode::conflict) // 405/409: GitHub's own rules
        return MergeOutcome{"not merged", merged.error().message};
    if (!merged)
        return std::unexpected(merged.error());
    auto const detail = checks.required.empty()
                            ? std::string("no required checks on the base branch")
                            : "required checks green: " + join(checks.required, ", ");
    return MergeOutcome{"merged", detail};
}

} // namespace

Result<MergeOutcome> enable_auto_merge(GitHubApi& api, const PullRequest& pull,
                                       const std::string& sha, const std::string& method) {
    auto data = api.graphql(k_enable_auto_merge, {{"pullRequestId", pull.node_id},
                                                  {"mergeMethod", upper(method)},
                                                  {"expectedHeadOid", sha}});
    if (!data)
        return std::unexpected(
            Error{data.error().code, data.error().message +
                                         " (auto-merge needs \"Allow auto-merge\" in the "
                                         "repository's settings and a branch protection rule)"});
    auto const& pr = object_of(object_of(*data, "enablePullRequestAutoMerge"), "pullRequest");
    if (flag_of(pr, "merged"))
        return MergeOutcome{"merged", "GitHub merged it at once: its checks had passed"};
    return MergeOutcome{"auto-merge enabled", "GitHub merges it once the required checks pass"};
}

Result<void> disable_auto_merge(GitHubApi& api, const PullRequest& pull) {
    MEDIC_TRY(data, api.graphql(k_disable_auto_merge, {{"pullRequestId", pull.node_id}}));
    return {};
}

Result<MergeOutcome> merge_when_green(GitHubApi& api, const RepoRef& repo, const PullRequest& pull,
                                      const std::string& base, const std::string& sha,
                                      const std::string& method) {
    if (pull.merged)
        return MergeOutcome{"merged", "already merged"};
    if (pull.draft)
        return MergeOutcome{"not merged", "the pull request is a draft"};
    if (pull.head_sha != sha)
        return MergeOutcome{"not merged", "its head " + pull.head_sha.substr(0, 12) +
                                              " is not the validated commit " + sha.substr(0, 12)};
    MEDIC_TRY(checks, required_checks_state(api, repo, base, sha));
    if (!checks->failing.empty())
        return MergeOutcome{"not merged", "required checks failed: " + join(checks->failing, ", ")};
    if (checks->green())
        return merge_now(api, repo, pull, sha, method, *checks);
    if (pull.auto_merge)
        return MergeOutcome{"auto-merge already enabled",
                            "waiting for " + join(checks->pending, ", ")};
    auto enabled = enable_auto_merge(api, pull, sha, method);
    if (!enabled && enabled.error().message.find("clean status") != std::string::npos)
        return merge_now(api, repo, pull, sha, method, *checks); // green meanwhile
    if (enabled && enabled->action == "auto-merge enabled")
        enabled->detail = "GitHub merges it once " + join(checks->pending, ", ") + " pass";
    return enabled;
}

} // namespace medic::github
