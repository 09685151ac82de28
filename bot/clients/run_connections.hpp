#pragma once
// What a command opens around one pipeline run, before any work so that a bad token or an
// unwritable state directory fails at once: the GitHub repository `publish: github` writes to,
// and the learning records the run reads and adds to.

#include "bot/clients/github_session.hpp"
#include "bot/model/config.hpp"
#include "bot/model/result.hpp"
#include "bot/pipeline/github_publishing.hpp"
#include "bot/store/store.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace medic::clients {

/// The session and the repository a run publishes pull requests to.
struct GitHubConnection {
    std::unique_ptr<GitHubSession> session;
    std::optional<pipeline::GitHubTarget> target; ///< Refers to session's API.
};

/// Opens the session the configuration asks for and connects to the repository it (or `repo`'s
/// origin, or `remote`) names: its default branch read, errors saying what to fix.
Result<GitHubConnection> connect_for_publishing(const MedicConfig& config,
                                                const std::filesystem::path& repo,
                                                const std::string& remote,
                                                const http::CurlGlobal& curl);

/// The learning records of a run, and the repository they are kept under.
struct LocalLearning {
    std::optional<store::Store> store; ///< None: the run neither reads nor records outcomes.
    std::string repository;
};

/// The name a checkout's records are kept under: GitHub's owner/name when the run publishes
/// there (`published_to`) or the configuration names it, else the checkout's absolute path.
std::string learning_repository(const std::filesystem::path& checkout, const MedicConfig& config,
                                const pipeline::GitHubTarget* published_to);

/// The records in `state_dir`/medic.sqlite3 (the folder created when missing) under
/// `repository`; no store when `state_dir` is empty.
Result<LocalLearning> open_local_learning(const std::filesystem::path& state_dir,
                                          std::string repository);

} // namespace medic::clients
