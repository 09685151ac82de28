#include "github/permissions.hpp"

namespace medic::github {

Result<std::string> collaborator_permission(GitHubApi& api, const RepoRef& repo,
                                            std::string_view user) {
    auto const path = repo.path() + "/collaborators/" + std::string(user) + "/permission";
    MEDIC_TRY(answer, api.call("GET", path));
    if (answer->status == 404)
        return std::string("none"); // not a collaborator (or no such user)
    if (answer->status != 200)
        return std::unexpected(api.failure("GET", path, *answer));
    // role_name tells maintain and triage apart; permission folds them into write and read.
    auto const role = answer->body.value("role_name", "");
    if (role == "admin" || role == "maintain" || role == "write" || role == "triage" ||
        role == "read")
        return role;
    return answer->body.value("permission", std::string("none"));
}

bool may_push(std::string_view permission) {
    return permission == "write" || permission == "maintain" || permission == "admin";
}

Result<void> react(GitHubApi& api, const RepoRef& repo, std::int64_t comment_id,
                   std::string_view content) {
    MEDIC_TRY(added, api.post(repo.path() + "/issues/comments/" + std::to_string(comment_id) +
                                  "/reactions",
                              nlohmann::json{{"content", content}}));
    return {};
}

} // namespace medic::github
