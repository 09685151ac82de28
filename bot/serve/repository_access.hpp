#pragma once
// A repository as the GitHub App sees it now, for a worker that acts on it: the session with the
// installation's token, GitHub's current default branch and clone URL (never the payload's), the
// server's clone under <state-dir>/repos/<owner>/<name> brought to that branch, and the
// repository's own .github/medic.yml with the server's github: section for credentials.

#include "bot/clients/github_session.hpp"
#include "bot/git/remote.hpp"
#include "bot/model/config.hpp"
#include "bot/serve/metrics.hpp"
#include "github/repository.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace medic::serve {

struct RepositoryAccess {
    RepositoryAccess() = default;
    RepositoryAccess(RepositoryAccess&&) noexcept = default;
    RepositoryAccess& operator=(RepositoryAccess&&) noexcept = default;
    /// Adds the session's requests to the metrics.
    ~RepositoryAccess();

    std::unique_ptr<clients::GitHubSession> session;
    ServerMetrics* metrics = nullptr; ///< Counts GitHub requests, pull requests merged.
    github::RepoRef ref;
    std::string default_branch;
    std::string clone_url;
    std::filesystem::path checkout;
    std::string commit;           ///< The default branch's head, checked out.
    git::PushOptions git_options; ///< The installation's token for git over HTTPS.
    MedicConfig config;           ///< The repository's configuration, publishing to GitHub.

    [[nodiscard]] github::GitHubApi& api() const { return *session->api; }
};

/// `repository`'s API as installation `installation_id` (0: looked up), without a clone: for
/// actions that only talk to GitHub. Only session, metrics and ref are set.
Result<RepositoryAccess> open_repository_api(const MedicConfig& server_config,
                                             const std::filesystem::path& state_dir,
                                             const http::CurlGlobal& curl,
                                             const std::string& repository,
                                             std::int64_t installation_id, ServerMetrics& metrics);

/// Opens `repository` (owner/name) for installation `installation_id` (0: looked up) with the
/// server's configuration `server_config`; the clone lives under `state_dir`. The caller
/// serialises use of one repository's clone.
Result<RepositoryAccess> open_repository(const MedicConfig& server_config,
                                         const std::filesystem::path& state_dir,
                                         const http::CurlGlobal& curl,
                                         const std::string& repository,
                                         std::int64_t installation_id, ServerMetrics& metrics);

} // namespace medic::serve
