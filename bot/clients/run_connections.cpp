#include "bot/clients/run_connections.hpp"

#include "bot/model/clock.hpp"

namespace medic::clients {

Result<GitHubConnection> connect_for_publishing(const MedicConfig& config,
                                                const std::filesystem::path& repo,
                                                const std::string& remote,
                                                const http::CurlGlobal& curl) {
    GitHubConnection github;
    MEDIC_TRY(session, open_github_session(config.github, repo, curl));
    github.session = std::move(*session);
    MEDIC_TRY(target, pipeline::connect_github(*github.session->api, config, repo, remote));
    github.target.emplace(std::move(*target));
    return github;
}

std::string learning_repository(const std::filesystem::path& checkout, const MedicConfig& config,
                                const pipeline::GitHubTarget* published_to) {
    if (published_to != nullptr)
        return published_to->repo.full_name();
    if (!config.github.repository.empty())
        return config.github.repository;
    std::error_code error;
    auto path = std::filesystem::weakly_canonical(checkout, error);
    if (error)
        path = std::filesystem::absolute(checkout, error);
    return path.string();
}

Result<LocalLearning> open_local_learning(const std::filesystem::path& state_dir,
                                          std::string repository) {
    LocalLearning learning{std::nullopt, std::move(repository)};
    if (state_dir.empty())
        return learning;
    std::error_code error;
    std::filesystem::create_directories(state_dir, error);
    if (error)
        return fail(ErrorCode::unavailable,
                    "cannot create --state-dir " + state_dir.string() + ": " + error.message());
    MEDIC_TRY(store, store::Store::open(state_dir / "medic.sqlite3", wall_clock()));
    learning.store.emplace(std::move(*store));
    return learning;
}

} // namespace medic::clients
