#include "github/issues.hpp"

namespace medic::github {
namespace {

std::string text_of(const nlohmann::json& object, const char* key) {
    auto const found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

} // namespace

Result<int> ensure_issue(GitHubApi& api, const RepoRef& repo, const IssueSpec& spec) {
    auto const path = repo.path() + "/issues";
    // The issues list holds pull requests too; the label keeps it short.
    MEDIC_TRY(issues, api.list(path + "?state=open&labels=" + spec.label));
    for (auto const& issue : *issues) {
        if (issue.contains("pull_request") ||
            text_of(issue, "body").find(spec.marker) == std::string::npos)
            continue;
        auto const number = issue.value("number", 0);
        if (text_of(issue, "title") != spec.title || text_of(issue, "body") != spec.body)
            MEDIC_RETURN_IF_ERROR(api.patch(path + "/" + std::to_string(number),
                                            {{"title", spec.title}, {"body", spec.body}}));
        return number;
    }
    MEDIC_TRY(created, api.post(path, {{"title", spec.title},
                                       {"body", spec.body},
                                       {"labels", nlohmann::json::array({spec.label})}}));
    return created->value("number", 0);
}

Result<void> close_issue(GitHubApi& api, const RepoRef& repo, int number,
                         const std::string& comment) {
    auto const path = repo.path() + "/issues/" + std::to_string(number);
    MEDIC_TRY(issue, api.get(path));
    if (text_of(*issue, "state") != "open")
        return {};
    MEDIC_RETURN_IF_ERROR(api.post(path + "/comments", {{"body", comment}}));
    MEDIC_RETURN_IF_ERROR(api.patch(path, {{"state", "closed"}, {"state_reason", "completed"}}));
    return {};
}

Result<std::vector<ReviewComment>> review_comments(GitHubApi& api, const RepoRef& repo, int number,
                                                   std::int64_t review_id) {
    MEDIC_TRY(listed, api.list(repo.path() + "/pulls/" + std::to_string(number) + "/reviews/" +
                               std::to_string(review_id) + "/comments"));
    std::vector<ReviewComment> comments;
    for (auto const& comment : *listed) {
        auto const line = comment.find("line");
        comments.push_back(
            {text_of(comment, "path"),
             line != comment.end() && line->is_number_integer() ? line->get<int>() : 0,
             text_of(comment, "body")});
    }
    return comments;
}

} // namespace medic::github
