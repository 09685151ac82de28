#include "bot/serve/repository_access.hpp"

#include "bot/config/repo_config.hpp"

namespace medic::serve {

RepositoryAccess::~RepositoryAccess() {
    if (session && session->api && metrics)
        metrics->count_github_requests(session->api->stats().requests,
                                       session->api->rate_limit().remaining);
}

namespace {

GitHubConfig github_config_for(const MedicConfig& server_config, const std::string& repository,
                               std::int64_t installation_id) {
    GitHubConfig github = server_config.github;
    github.repository = repository;
    if (!github.app_id.empty() && installation_id > 0)
        github.installation_id = installation_id;
    return github;
}

} // namespace

Result<RepositoryAccess> open_repository_api(const MedicConfig& server_config,
                                             const std::filesystem::path& state_dir,
                                             const http::CurlGlobal& curl,
                                             const std::string& repository,
                                             std::int64_t installation_id, ServerMetrics& metrics) {
    MEDIC_TRY(ref, github::parse_repo_ref(repository));
    auto const github = github_config_for(server_config, repository, installation_id);
    MEDIC_TRY(session, clients::open_github_session(github, state_dir, curl));
    RepositoryAccess access;
    access.session = std::move(*session);
    access.metrics = &metrics;
    access.ref = *ref;
    return access;
}

Result<RepositoryAccess> open_repository(const MedicConfig& server_config,
                                         const std::filesystem::path& state_dir,
                                         const http::CurlGlobal& curl,
                                         const std::string& repository,
                                         std::int64_t installation_id, ServerMetrics& metrics) {
    MEDIC_TRY(opened, open_repository_api(server_config, state_dir, curl, repository,
                                          installation_id, metrics));
    auto access = std::move(*opened);
    auto const* ref = &access.ref;
    auto const github = github_config_for(server_config, repository, installation_id);
    MEDIC_TRY(about, access.api().get(ref->path()));
    access.default_branch = about->value("default_branch", std::string("main"));
    access.clone_url = about->value("clone_url", github::clone_url(github.api_url, *ref));
    MEDIC_TRY(token, access.session->token->token());
    access.checkout = state_dir / "repos" / ref->owner / ref->name;
    access.git_options = {*token, github.ca_file};
    MEDIC_TRY(commit, git::checkout_remote_branch(access.checkout, access.clone_url,
                                                  access.default_branch, access.git_options));
    access.commit = *commit;
    // The server's override for this repository (server.repositories.<name>.config), else its
    // own .github/medic.yml.
    auto const served = server_config.server.repositories.find(repository);
    auto const override_file =
        served == server_config.server.repositories.end() ? std::string() : served->second.config;
    MEDIC_TRY(config, resolve_config(override_file, access.checkout.string()));
    access.config = std::move(*config);
    access.config.github = github;
    access.config.publish.mode = PublishMode::github;
    access.config.publish.remote = access.clone_url;
    return access;
}

} // namespace medic::serve
