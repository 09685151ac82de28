#include "github/checks.hpp"

#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <algorithm>
#include <map>

namespace medic::github {

namespace {

/// Stands for required checks Medic cannot see: never reported, so always pending, which
/// leaves the merge to GitHub's auto-merge.
constexpr const char* k_unknown_checks = "(required checks Medic cannot read)";

nlohmann::json annotation_json(const CheckAnnotation& note) {
    return {{"path", note.path},         {"start_line", note.start_line},
            {"end_line", note.end_line}, {"annotation_level", note.level},
            {"title", note.title},       {"message", note.message}};
}

nlohmann::json output_json(const CheckRunSpec& spec, std::size_t first) {
    auto annotations = nlohmann::json::array();
    for (auto i = first; i < spec.annotations.size() && i < first + k_annotations_per_request; ++i)
        annotations.push_back(annotation_json(spec.annotations[i]));
    return {{"title", spec.title},
            {"summary", spec.summary},
            {"text", spec.text},
            {"annotations", annotations}};
}

Result<std::optional<std::int64_t>> existing_check_run(GitHubApi& api, const RepoRef& repo,
                                                       const CheckRunSpec& spec) {
    MEDIC_TRY(found, api.get(repo.path() + "/commits/" + spec.head_sha +
                             "/check-runs?check_name=" + encode_path_segment(spec.name)));
    for (auto const& run : array_of(*found, "check_runs"))
        if (text_of(run, "name") == spec.name && integer_of(run, "id") > 0)
            return std::optional<std::int64_t>(integer_of(run, "id"));
    return std::optional<std::int64_t>();
}

/// check run / status name -> conclusion ("pending" when not concluded).
Result<std::map<std::string, std::string>> reported_checks(GitHubApi& api, const RepoRef& repo,
                                                           const std::string& sha) {
    std::map<std::string, std::string> reported;
    MEDIC_TRY(runs, api.get(repo.path() + "/commits/" + sha + "/check-runs?per_page=100"));
    for (auto const& run : array_of(*runs, "check_runs")) {
        auto const conclusion = text_of(run, "conclusion");
        reported[text_of(run, "name")] =
            text_of(run, "status") == "completed" && !conclusion.empty() ? conclusion : "pending";
    }
    MEDIC_TRY(statuses, api.get(repo.path() + "/commits/" + sha + "/status"));
    for (auto const& status : array_of(*statuses, "statuses"))
        reported.try_emplace(text_of(status, "context"), text_of(status, "state", "pending"));
    return reported;
}

/// GitHub's 404 for a branch without required checks (any other 404 hides something).
bool not_protected(const nlohmann::json& body) {
    auto const message = text_of(body, "message");
    return message == "Branch not protected" || message == "Required status checks not enabled";
}

Result<std::vector<std::string>> required_contexts(GitHubApi& api, const RepoRef& repo,
                                                   const std::string& base) {
    auto const path = repo.path() + "/branches/" + encode_path_segment(base) +
                      "/protection/required_status_checks";
    MEDIC_TRY(answer, api.call("GET", path));
    if (answer->status == 404 && not_protected(answer->body))
        return std::vector<std::string>{};
    if (answer->status == 404 || answer->status == 403) // hidden, or rulesets: never "none"
        return std::vector<std::string>{k_unknown_checks};
    if (answer->status != 200)
        return std::unexpected(api.failure("GET", path, *answer));
    std::vector<std::string> contexts;
    for (auto const& check : array_of(answer->body, "checks"))
        if (auto context = text_of(check, "context"); !context.empty())
            contexts.push_back(std::move(context));
    if (contexts.empty())
        contexts = texts_of(answer->body, "contexts");
    return contexts;
}

} // namespace

Result<std::int64_t> ensure_check_run(GitHubApi& api, const RepoRef& repo,
                                      const CheckRunSpec& spec) {
    MEDIC_TRY(existing, existing_check_run(api, repo, spec));
    nlohmann::json body{{"name", spec.name},
                        {"head_sha", spec.head_sha},
                        {"status", "completed"},
                        {"conclusion", spec.conclusion},
                        {"external_id", spec.external_id},
                        {"output", output_json(spec, 0)}};
    if (*existing) {
        // Same commit, same diff, same annotations: GitHub appends annotations on update, so
        // a re-run sends only the new outcome.
        body.erase("head_sha");
        body["output"]["annotations"] = nlohmann::json::array();
        MEDIC_TRY(updated,
                  api.patch(repo.path() + "/check-runs/" + std::to_string(**existing), body));
        return **existing;
    }
    MEDIC_TRY(run, api.post(repo.path() + "/check-runs", body));
    auto const id = integer_of(*run, "id");
    if (id <= 0)
        return fail(ErrorCode::invalid_input,
                    "GitHub's answer to POST " + repo.path() + "/check-runs holds no run \"id\"");
    for (auto first = k_annotations_per_request; first < spec.annotations.size();
         first += k_annotations_per_request) {
        MEDIC_TRY(more, api.patch(repo.path() + "/check-runs/" + std::to_string(id),
                                  nlohmann::json{{"output", output_json(spec, first)}}));
    }
    return id;
}

Result<ChecksState> required_checks_state(GitHubApi& api, const RepoRef& repo,
                                          const std::string& base, const std::string& sha) {
    MEDIC_TRY(required, required_contexts(api, repo, base));
    ChecksState state{*required, {}, {}};
    if (required->empty())
        return state;
    MEDIC_TRY(reported, reported_checks(api, repo, sha));
    for (auto const& context : *required) {
        auto const found = reported->find(context);
        if (found == reported->end() || found->second == "pending")
            state.pending.push_back(context);
        else if (found->second != "success" && found->second != "neutral" &&
                 found->second != "skipped")
            state.failing.push_back(context);
    }
    return state;
}

} // namespace medic::github
