#pragma once
// `medic serve` as a library call, so the CLI stays flags and printing: the store in the state
// directory, the workers, the HTTP server, and a graceful stop on SIGTERM or SIGINT (stop
// accepting, let each worker finish its job, close the store).

#include "bot/http/curl_http_client.hpp"
#include "bot/model/config.hpp"
#include "bot/model/result.hpp"
#include "bot/serve/live_detection.hpp"
#include "bot/serve/telemetry_intake.hpp"
#include "bot/serve/workers.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace medic::serve {

/// What one medic serve process does (several share a PostgreSQL store).
enum class ServeRole {
    both,  ///< Receives webhooks and telemetry, and works on jobs.
    web,   ///< Receives and records only: no workers.
    worker ///< Works on jobs only: listens to nothing.
};
/// "both", "web" or "worker".
std::optional<ServeRole> parse_serve_role(std::string_view text);

struct ServeSettings;
/// Where the server's store is: settings.store, else the SQLite file in the state directory.
std::string store_location(const ServeSettings& settings);

struct ServeSettings {
    std::string listen = "127.0.0.1:8080"; ///< HOST:PORT; port 0 picks a free one.
    std::filesystem::path state_dir;
    /// Empty: state_dir/medic.sqlite3; else a postgresql:// URL (several processes share it).
    std::string store;
    ServeRole role = ServeRole::both;
    int workers = 2;
    std::size_t body_limit = std::size_t{25} << 20;
    std::string webhook_secret;
    /// How often missed deliveries are recovered, and open pull requests read again (with a
    /// GitHub App configured); 0: never.
    std::chrono::milliseconds recovery_interval{0};
    std::chrono::milliseconds reread_interval{0};
    MedicConfig config; ///< The server's configuration: its github: section names the App.
    /// Live telemetry: each repository's token, the configuration that judges its telemetry,
    /// how often changed windows are judged and how long one window lasts.
    std::vector<TelemetryToken> telemetry_tokens;
    std::vector<LiveRepository> live_repositories;
    std::chrono::milliseconds telemetry_interval{60'000};
    std::chrono::milliseconds telemetry_window{3'600'000};
    /// A job's lease: another machine's worker takes a dead worker's job after it.
    std::chrono::seconds job_lease{300};
};

/// "HOST:PORT" (an IPv6 host in brackets: "[::1]:8080") as host and port.
Result<std::pair<std::string, int>> parse_listen_address(std::string_view text);

/// Serves until SIGTERM or SIGINT; `on_listening` gets the port once requests are accepted.
/// Errors: the state directory or the store cannot be opened, or the address cannot be bound.
Result<void> serve_until_signalled(const ServeSettings& settings, const http::CurlGlobal& curl,
                                   const Log& log,
                                   const std::function<void(int port)>& on_listening);

} // namespace medic::serve
