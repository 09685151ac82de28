#include "bot/doctor/doctor_github.hpp"

#include "bot/clients/github_session.hpp"
#include "bot/git/remote.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "bot/pipeline/github_publishing.hpp"
#include "github/app_auth.hpp"

#include <algorithm>
#include <cstdlib>

namespace medic::doctor {

namespace {

/// Permissions publishing needs from an App installation, and why.
constexpr std::pair<const char*, const char*> k_app_permissions[] = {
    {"contents", "push branches and merge"},
    {"pull_requests", "open and update pull requests"},
    {"issues", "labels and comments"},
    {"checks", "the medic/validation check run"},
};

void check_app_permissions(clients::GitHubSession& session, const MedicConfig& config,
                           DoctorReport& report) {
    auto const& granted =
        static_cast<github::InstallationTokenSource&>(*session.token).permissions();
    std::vector<std::string> missing;
    for (auto const& [permission, why] : k_app_permissions) {
        if (std::string_view(permission) == "checks" && !config.publish.check_run)
            continue;
        if (text_of(granted, permission) != "write")
            missing.push_back(std::string(permission) + ": write (" + why + ")");
    }
    if (missing.empty())
        return report.ok("permissions", "the installation may write contents, pull requests, "
                                        "issues and checks");
    report.problem("permissions", "the App's installation lacks " + join(missing, ", "),
                   "add them in the App's settings (Permissions), then accept them on the "
                   "installation");
}

void check_token_permissions(const nlohmann::json& repository, const MedicConfig& config,
                             DoctorReport& report) {
    auto const permissions = repository.find("permissions");
    if (permissions == repository.end() || !permissions->is_object()) {
        // Installation tokens (Actions' GITHUB_TOKEN among them) see no "permissions" here.
        return report.warning("permissions", "GitHub does not tell this token's permissions",
                              "an Actions GITHUB_TOKEN needs \"permissions: contents: write, "
                              "pull-requests: write, issues: write, checks: write\" in the "
                              "workflow; push access is checked below");
    }
    if (!flag_of(*permissions, "push"))
        return report.problem("permissions", "the token may not push to the repository",
                              "use a token with contents, pull requests and issues: write "
                              "(classic: the repo scope)");
    report.ok("permissions", "the token may push");
    if (config.publish.check_run)
        report.warning("check runs", "a personal access token may not write check runs",
                       "run Medic as an App (github.app_id) or from Actions with GITHUB_TOKEN, "
                       "or set publish.check_run: false; until then each PR gets a warning "
                       "instead of the check run");
}

void check_protection(github::GitHubApi& api, const github::RepoRef& repo,
                      const std::string& branch, const MedicConfig& config, DoctorReport& report) {
    auto const path =
        repo.path() + "/branches/" + github::encode_path_segment(branch) + "/protection";
    auto answer = api.call("GET", path);
    if (!answer)
        return report.problem("branch protection", answer.error().message, "check the network");
    if (answer->status == 200) {
        auto const checks = texts_of(object_of(answer->body, "required_status_checks"), "contexts");
        return report.ok("branch protection",
                         branch + " requires " +
                             (checks.empty() ? "no checks" : join(checks, ", ")));
    }
    if (answer->status == 404 && config.publish.auto_merge.enabled)
        return report.warning("branch protection", branch + " is not protected",
                              "GitHub's auto-merge needs a branch protection rule with required "
                              "checks; without one Medic merges validated fixes at once");
    if (answer->status == 404)
        return report.ok("branch protection", branch + " is not protected");
    report.warning("branch protection", "cannot read it (" + std::to_string(answer->status) + ")",
                   "grant administration: read; without it Medic never merges by itself, it "
                   "only enables GitHub's auto-merge, which applies the rules it cannot see");
}

void check_auto_merge(const nlohmann::json& repository, const MedicConfig& config,
                      DoctorReport& report) {
    if (!config.publish.auto_merge.enabled)
        return;
    if (flag_of(repository, "allow_auto_merge"))
        return report.ok("auto-merge", "allowed by the repository");
    report.problem("auto-merge", "the repository does not allow auto-merge",
                   "enable \"Allow auto-merge\" in the repository's Settings → General, or set "
                   "publish.auto_merge.enabled: false");
}

void check_push(clients::GitHubSession& session, const MedicConfig& config,
                const std::filesystem::path& repo, const github::RepoRef& ref,
                DoctorReport& report) {
    auto token = session.token->token();
    if (!token)
        return report.problem("push access", token.error().message, "see credentials above");
    auto const url = !config.publish.remote.empty() ? config.publish.remote
                                                    : github::clone_url(config.github.api_url, ref);
    auto branches =
        git::list_remote_branches(repo, url, {*token, config.github.ca_file, "x-access-token"});
    if (!branches)
        return report.problem("push access", branches.error().message,
                              "check publish.remote, github.ca_file and the token's contents: "
                              "write permission");
    report.ok("push access", url + " (" + std::to_string(branches->size()) + " branches)");
}

} // namespace

void check_github(const MedicConfig& config, const std::filesystem::path& repo,
                  const http::CurlGlobal& curl, DoctorReport& report) {
    auto session = clients::open_github_session(config.github, repo, curl);
    if (!session)
        return report.problem("credentials", session.error().message,
                              "see the README's \"Publishing to GitHub\"");
    auto const ref = pipeline::configured_repository(config.github, repo);
    if (!ref) // open_github_session checked it already
        return report.problem("repository", ref.error().message, "set github.repository");
    auto repository = (*session)->api->get(ref->path());
    if (!repository)
        return report.problem("repository", repository.error().message,
                              "check github.repository, github.api_url and the credentials");
    report.ok("credentials", (*session)->token->kind());
    report.ok("repository", ref->full_name() + " (default branch " +
                                text_of(*repository, "default_branch", "?") + ")");
    if ((*session)->app)
        check_app_permissions(**session, config, report);
    else
        check_token_permissions(*repository, config, report);
    check_protection(*(*session)->api, *ref, text_of(*repository, "default_branch", "main"), config,
                     report);
    check_auto_merge(*repository, config, report);
    check_push(**session, config, repo, *ref, report);
}

void check_llm(const MedicConfig& config, const http::CurlGlobal& curl, DoctorReport& report) {
    auto const& strategies = config.fix.strategies;
    if (std::ranges::find(strategies, Strategy::llm) == strategies.end())
        return report.ok("LLM", "not used (fix.strategies)");
    auto const& llm = config.llm;
    char const* key = llm.api_key_env.empty() ? nullptr : std::getenv(llm.api_key_env.c_str());
    if (!llm.api_key_env.empty() && key == nullptr)
        return report.warning("LLM", "$" + llm.api_key_env + " is not set",
                              "export it, or drop llm from fix.strategies; rule-based fixes "
                              "still work");
    HttpRequest request{"GET", llm.base_url + "/models", {}, {}, 15};
    if (key != nullptr)
        request.headers =
            llm.provider == "anthropic"
                ? std::vector<HttpHeader>{{"x-api-key", key}, {"anthropic-version", "2023-06-01"}}
                : std::vector<HttpHeader>{{"Authorization", std::string("Bearer ") + key}};
    auto answer = http::CurlHttpClient(curl).send(request);
    if (!answer)
        return report.problem("LLM", answer.error().message,
                              "check llm.base_url and that the endpoint is reachable");
    if (answer->status == 401 || answer->status == 403)
        return report.problem("LLM", llm.base_url + " refused the key in $" + llm.api_key_env,
                              "check the key and the account's access to " + llm.model);
    report.ok("LLM", llm.provider + " at " + llm.base_url + " answers (" +
                         std::to_string(answer->status) + ")");
}

} // namespace medic::doctor
