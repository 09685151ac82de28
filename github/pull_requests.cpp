#include "github/pull_requests.hpp"

#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <algorithm>
#include <limits>

namespace medic::github {

namespace {

std::string pulls_path(const RepoRef& repo) {
    return repo.path() + "/pulls";
}

constexpr std::string_view k_mark_ready = R"(mutation($id: ID!) {
  markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { number isDraft } }
})";
constexpr std::string_view k_convert_to_draft = R"(mutation($id: ID!) {
  convertPullRequestToDraft(input: {pullRequestId: $id}) { pullRequest { number isDraft } }
})";

/// REST cannot change a PR's draft state; GraphQL can, either way.
Result<PullRequest> match_draft(GitHubApi& api, PullRequest pull, bool draft) {
    if (pull.draft == draft)
        return pull;
    MEDIC_TRY(changed,
              api.graphql(draft ? k_convert_to_draft : k_mark_ready, {{"id", pull.node_id}}));
    pull.draft = draft;
    pull.updated = true;
    return pull;
}

Result<PullRequest> update_pull_request(GitHubApi& api, const RepoRef& repo, PullRequest pull,
                                        const nlohmann::json& current,
                                        const PullRequestSpec& spec) {
    nlohmann::json changes = nlohmann::json::object();
    if (text_of(current, "title") != spec.title)
        changes["title"] = spec.title;
    if (!current.contains("body") || !current["body"].is_string() ||
        text_of(current, "body") != spec.body)
        changes["body"] = spec.body;
    if (changes.empty())
        return pull;
    MEDIC_TRY(updated, api.patch(pulls_path(repo) + "/" + std::to_string(pull.number), changes));
    auto result = pull_request_from_json(*updated);
    result.updated = true;
    return result;
}

/// The label's colour: Medic's own labels share one, the rest GitHub's grey.
std::string label_color(const std::string& label) {
    return label.starts_with("medic") ? "0e8a16" : "ededed";
}

Result<void> ensure_label_exists(GitHubApi& api, const RepoRef& repo, const std::string& label) {
    MEDIC_TRY(found, api.call("GET", repo.path() + "/labels/" + encode_path_segment(label)));
    if (found->status == 200)
        return {};
    if (found->status != 404)
        return std::unexpected(api.failure("GET", repo.path() + "/labels/" + label, *found));
    nlohmann::json const body{
        {"name", label}, {"color", label_color(label)}, {"description", "Opened by Medic"}};
    MEDIC_TRY(created, api.call("POST", repo.path() + "/labels", &body));
    if (created->status == 201 || created->status == 422) // 422: someone created it meanwhile
        return {};
    return std::unexpected(api.failure("POST", repo.path() + "/labels", *created));
}

std::optional<std::int64_t> comment_with(const std::vector<nlohmann::json>& comments,
                                         const std::string& marker, std::string* body) {
    for (auto const& comment : comments)
        if (text_of(comment, "body").find(marker) != std::string::npos) {
            *body = text_of(comment, "body");
            return integer_of(comment, "id");
        }
    return std::nullopt;
}

} // namespace

Result<BranchChange> ensure_branch(GitHubApi& api, const RepoRef& repo, const std::string& branch,
                                   const std::string& sha) {
    auto const ref_path = repo.path() + "/git/ref/heads/" + branch;
    MEDIC_TRY(found, api.call("GET", ref_path));
    if (found->status == 200 && text_of(object_of(found->body, "object"), "sha") == sha)
        return BranchChange::unchanged;
    if (found->status != 200 && found->status != 404)
        return std::unexpected(api.failure("GET", ref_path, *found));
    auto changed =
        found->status == 404
            ? api.post(repo.path() + "/git/refs", {{"ref", "refs/heads/" + branch}, {"sha", sha}})
            : api.patch(repo.path() + "/git/refs/heads/" + branch, {{"sha", sha}, {"force", true}});
    if (!changed)
        return std::unexpected(Error{changed.error().code,
                                     changed.error().message + " (GitHub lacks commit " + sha +
                                         "? publish.remote may push to another repository than " +
                                         repo.full_name() + ")"});
    return found->status == 404 ? BranchChange::created : BranchChange::moved;
}

PullRequest pull_request_from_json(const nlohmann::json& json) {
    PullRequest pull;
    auto const number = integer_of(json, "number");
    pull.number =
        number > 0 && number <= std::numeric_limits<int>::max() ? static_cast<int>(number) : 0;
    pull.node_id = text_of(json, "node_id");
    pull.html_url = text_of(json, "html_url");
    pull.head_sha = text_of(object_of(json, "head"), "sha");
    pull.state = text_of(json, "state");
    pull.draft = flag_of(json, "draft");
    pull.merged = flag_of(json, "merged") || !text_of(json, "merged_at").empty();
    pull.auto_merge = json.contains("auto_merge") && !json["auto_merge"].is_null();
    pull.author = text_of(object_of(json, "user"), "login");
    pull.created_at = text_of(json, "created_at");
    for (auto const& label : array_of(json, "labels"))
        if (auto name = text_of(label, "name"); !name.empty())
            pull.labels.push_back(std::move(name));
    return pull;
}

Result<std::optional<PullRequest>> find_pull_request(GitHubApi& api, const RepoRef& repo,
                                                     const std::string& branch) {
    auto const query = pulls_path(repo) +
                       "?state=all&head=" + encode_path_segment(repo.owner + ":" + branch) +
                       "&sort=created&direction=desc";
    MEDIC_TRY(pulls, api.list(query, 1));
    if (pulls->empty())
        return std::optional<PullRequest>();
    return std::optional<PullRequest>(pull_request_from_json(pulls->front()));
}

Result<PullRequest> ensure_pull_request(GitHubApi& api, const RepoRef& repo,
                                        const PullRequestSpec& spec) {
    MEDIC_TRY(existing, find_pull_request(api, repo, spec.branch));
    if (*existing && (*existing)->state == "open") {
        MEDIC_TRY(current, api.get(pulls_path(repo) + "/" + std::to_string((*existing)->number)));
        auto updated =
            update_pull_request(api, repo, pull_request_from_json(*current), *current, spec);
        if (!updated)
            return updated;
        return match_draft(api, *updated, spec.draft);
    }
    if (*existing && !(*existing)->merged)
        return fail(ErrorCode::conflict,
                    "pull request #" + std::to_string((*existing)->number) + " for " + spec.branch +
                        " was closed without merging: Medic does not reopen it");
    nlohmann::json const body{{"title", spec.title}, {"head", spec.branch},
                              {"base", spec.base},   {"body", spec.body},
                              {"draft", spec.draft}, {"maintainer_can_modify", true}};
    MEDIC_TRY(created, api.post(pulls_path(repo), body));
    auto pull = pull_request_from_json(*created);
    pull.created = true;
    return pull;
}

Result<void> ensure_labels(GitHubApi& api, const RepoRef& repo, int number,
                           const std::vector<std::string>& labels) {
    if (labels.empty())
        return {};
    for (auto const& label : labels)
        if (auto ensured = ensure_label_exists(api, repo, label); !ensured)
            return ensured;
    MEDIC_TRY(added, api.post(repo.path() + "/issues/" + std::to_string(number) + "/labels",
                              nlohmann::json{{"labels", labels}}));
    return {};
}

Result<std::vector<std::string>> request_reviewers(GitHubApi& api, const RepoRef& repo,
                                                   const PullRequest& pull,
                                                   const std::vector<std::string>& users,
                                                   const std::vector<std::string>& teams) {
    std::vector<std::string> asked;
    std::ranges::copy_if(users, std::back_inserter(asked),
                         [&](const std::string& user) { return user != pull.author; });
    if (asked.empty() && teams.empty())
        return asked;
    auto const body = nlohmann::json{{"reviewers", asked}, {"team_reviewers", teams}};
    auto const path = pulls_path(repo) + "/" + std::to_string(pull.number) + "/requested_reviewers";
    MEDIC_RETURN_IF_ERROR(api.post(path, body));
    asked.insert(asked.end(), teams.begin(), teams.end());
    return asked;
}

Result<void> close_pull_request(GitHubApi& api, const RepoRef& repo, int number) {
    MEDIC_TRY(closed, api.patch(repo.path() + "/pulls/" + std::to_string(number),
                                nlohmann::json{{"state", "closed"}}));
    return {};
}

Result<void> delete_branch(GitHubApi& api, const RepoRef& repo, const std::string& branch) {
    auto const path = repo.path() + "/git/refs/heads/" + branch;
    MEDIC_TRY(answer, api.call("DELETE", path));
    // 422 "Reference does not exist" (and 404): deleted already, by a person or an earlier try.
    if (answer->status == 204 || answer->status == 404 || answer->status == 422)
        return {};
    return std::unexpected(api.failure("DELETE", path, *answer));
}

Result<std::int64_t> ensure_comment(GitHubApi& api, const RepoRef& repo, int number,
                                    const std::string& marker, const std::string& body) {
    auto const path = repo.path() + "/issues/" + std::to_string(number) + "/comments";
    MEDIC_TRY(comments, api.list(path));
    std::string current;
    if (auto const id = comment_with(*comments, marker, &current)) {
        if (current == body)
            return *id;
        MEDIC_TRY(edited, api.patch(repo.path() + "/issues/comments/" + std::to_string(*id),
                                    nlohmann::json{{"body", body}}));
        return *id;
    }
    MEDIC_TRY(created, api.post(path, nlohmann::json{{"body", body}}));
    return integer_of(*created, "id");
}

} // namespace medic::github
