#pragma once
// GitHubApiServer and FixturesServer: the Node servers of tests/support/github_api/ run as child
// processes for gtest. GitHubApiServer is a stateful fake GitHub that checks every request
// against GitHub's OpenAPI description (violations() lists what a client got wrong);
// FixturesServer replays @octokit/fixtures' recorded api.github.com scenarios, strictly in order.
// Both install their npm packages on first use (tests/support/github_api/install.sh).

#include "tests/support/temp_dir.hpp"

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace medic::test {

class ServerProcess;

/// The fake GitHub REST/GraphQL API (tests/support/github_api/README.md has the config keys and
/// the behaviour); killed and reaped in the destructor.
class GitHubApiServer {
public:
    /// Starts run_server.sh with `config`; throws std::runtime_error with the server's stderr
    /// when it does not listen within 60 s (10 minutes while it installs its npm packages).
    explicit GitHubApiServer(const nlohmann::json& config = nlohmann::json::object());
    ~GitHubApiServer();
    GitHubApiServer(const GitHubApiServer&) = delete;
    GitHubApiServer& operator=(const GitHubApiServer&) = delete;

    /// "http://127.0.0.1:<port>": the client's API base URL (REST, and /graphql under it).
    [[nodiscard]] std::string base_url() const;
    /// GET /__admin/state: refs, pulls, labels, comments, check runs, merges, request log, ...
    [[nodiscard]] nlohmann::json state() const;
    /// GET /__admin/violations: [{method, path, problem}], empty when every request conformed.
    [[nodiscard]] nlohmann::json violations() const;
    /// POST /__admin/ci: the synthesized CI check run's outcome ("success", "failure", "pending").
    void set_ci(const std::string& conclusion);
    /// POST /__admin/faults: a fault object ({method, path, status, headers, body, times}).
    void add_fault(const nlohmann::json& fault);
    /// POST /__admin/hook_deliveries: attempts GitHub "made" to deliver events
    /// ([{guid, event, payload, status_code}]), for GET /app/hook/deliveries to list.
    void log_hook_deliveries(const nlohmann::json& attempts);
    /// POST /__admin/artifacts: a workflow artifact of the repository, `zip` its archive's bytes
    /// (GET .../actions/artifacts/{id}/zip redirects to it; 410 once `expired`).
    void add_artifact(std::int64_t id, const std::string& zip, bool expired = false);
    /// The file the server rewrites with the whole state after every request.
    [[nodiscard]] std::filesystem::path state_file() const;
    /// What the server wrote to stderr so far.
    [[nodiscard]] std::string server_log() const;

private:
    /// Sends an admin request; throws unless it is answered 200. Returns the JSON answer.
    nlohmann::json admin(const std::string& method, const std::string& path,
                         const nlohmann::json* body) const;

    TempDir m_dir;
    std::unique_ptr<ServerProcess> m_process;
};

/// @octokit/fixtures-server on 127.0.0.1; killed and reaped in the destructor. Requests must
/// carry exactly the recorded headers (the k_ constants) and compact JSON bodies.
class FixturesServer {
public:
    static constexpr const char* k_authorization = "token 0000000000000000000000000000000000000001";
    static constexpr const char* k_accept = "application/vnd.github.v3+json";
    static constexpr const char* k_content_type = "application/json; charset=utf-8";

    /// Starts run_fixtures_server.sh; throws std::runtime_error with its stderr on failure.
    FixturesServer();
    ~FixturesServer();
    FixturesServer(const FixturesServer&) = delete;
    FixturesServer& operator=(const FixturesServer&) = delete;

    /// "http://127.0.0.1:<port>".
    [[nodiscard]] std::string base_url() const;
    /// Loads a scenario (e.g. "git-refs") and returns the URL to use in place of
    /// https://api.github.com for it: "http://127.0.0.1:<port>/api.github.com/<id>".
    [[nodiscard]] std::string load_scenario(const std::string& scenario) const;

private:
    TempDir m_dir;
    std::unique_ptr<ServerProcess> m_process;
};

} // namespace medic::test
