#include "bot/clients/github_session.hpp"

#include "bot/model/result.hpp"
#include "bot/pipeline/github_publishing.hpp"
#include "github/app_auth.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace medic::clients {

namespace {

std::string environment(const std::string& name) {
    char const* value = name.empty() ? nullptr : std::getenv(name.c_str());
    return value != nullptr ? value : "";
}

Result<std::string> app_private_key(const GitHubConfig& config) {
    if (!config.private_key_file.empty()) {
        std::ifstream in(config.private_key_file);
        if (!in)
            return fail(ErrorCode::invalid_input,
                        "cannot read github.private_key_file " + config.private_key_file);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    if (auto key = environment(config.private_key_env); !key.empty())
        return key;
    return fail(ErrorCode::invalid_input,
                "github.app_id is set but there is no private key: set github.private_key_file, "
                "or put the PEM text in $" +
                    config.private_key_env);
}

Result<void> use_app(GitHubSession& session, const GitHubConfig& config,
                     const github::RepoRef& repository) {
    MEDIC_TRY(key, app_private_key(config));
    github::AppCredentials credentials;
    credentials.api_url = config.api_url;
    credentials.app_id = config.app_id;
    credentials.private_key_pem = *key;
    if (config.installation_id != 0)
        credentials.installation_id = config.installation_id;
    credentials.repository = repository.full_name();
    session.token = std::make_unique<github::InstallationTokenSource>(session.http, session.sleeper,
                                                                      credentials);
    session.app = true;
    return {};
}

/// Completes `session` with the API client over its token.
std::unique_ptr<GitHubSession> with_api(std::unique_ptr<GitHubSession> session,
                                        const GitHubConfig& config) {
    github::ApiOptions options;
    options.api_url = config.api_url;
    session->api = std::make_unique<github::GitHubApi>(session->http, session->sleeper,
                                                       *session->token, options);
    return session;
}

} // namespace

Result<std::unique_ptr<GitHubSession>> open_github_session(const GitHubConfig& config,
                                                           const std::filesystem::path& repo,
                                                           const http::CurlGlobal& curl) {
    MEDIC_TRY(repository, pipeline::configured_repository(config, repo));
    auto session = std::make_unique<GitHubSession>(curl);
    if (!config.app_id.empty()) {
        MEDIC_RETURN_IF_ERROR(use_app(*session, config, *repository));
    } else if (auto token = environment(config.token_env); !token.empty()) {
        session->token =
            std::make_unique<github::StaticToken>(token, "token in $" + config.token_env);
    } else {
        return fail(ErrorCode::invalid_input,
                    "publishing to GitHub needs credentials: export " + config.token_env +
                        " (a token with contents, pull requests and issues: write), or configure "
                        "a GitHub App (github.app_id and github.private_key_file)");
    }
    return with_api(std::move(session), config);
}

Result<std::unique_ptr<GitHubSession>> open_app_session(const GitHubConfig& config,
                                                        const http::CurlGlobal& curl) {
    if (config.app_id.empty())
        return fail(ErrorCode::invalid_input,
                    "this needs the GitHub App itself: set github.app_id and "
                    "github.private_key_file");
    MEDIC_TRY(key, app_private_key(config));
    auto session = std::make_unique<GitHubSession>(curl);
    session->token = std::make_unique<github::AppJwtSource>(config.app_id, *key);
    session->app = true;
    return with_api(std::move(session), config);
}

} // namespace medic::clients
