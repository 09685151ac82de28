#pragma once
// What one `medic serve` process is told: the server: section of its configuration file, the
// command line's overrides and the secrets named there, read from the environment. Built and
// checked here, before anything starts, so a bad setting is one clear error at start.

#include "bot/model/config.hpp"
#include "bot/model/result.hpp"
#include "bot/serve/live_detection.hpp"
#include "bot/serve/telemetry_intake.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace medic::serve {

/// What one medic serve process does (several share a PostgreSQL store).
enum class ServeRole {
    both,  ///< Receives webhooks and telemetry, and works on jobs.
    web,   ///< Receives and records only: no workers.
    worker ///< Works on jobs only: listens to nothing.
};
/// "both", "web" or "worker".
std::optional<ServeRole> parse_serve_role(std::string_view text);

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

/// Where the server's store is: settings.store, else the SQLite file in the state directory.
std::string store_location(const ServeSettings& settings);

/// "HOST:PORT" (an IPv6 host in brackets: "[::1]:8080") as host and port.
Result<std::pair<std::string, int>> parse_listen_address(std::string_view text);

/// The command line's say over the configuration file: empty or 0 leaves the file's value.
struct ServeOverrides {
    std::string config_file; ///< Empty: the defaults of every key.
    std::string listen;
    std::string state_dir;
    std::string store;
    std::string role;
    int workers = 0;
};

/// The value of an environment variable, or nothing when it is unset or empty.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
/// This process's environment.
std::optional<std::string> process_environment(const std::string& name);

/// The configuration file read, the overrides applied, the webhook secret and each live
/// repository's telemetry token taken from the environment variables the file names, and each
/// repository's own config: file (relative to the server's file) read. Errors name the setting.
Result<ServeSettings> settings_from(const ServeOverrides& overrides,
                                    const EnvironmentLookup& environment);

} // namespace medic::serve
