#include "bot/serve/serve_settings.hpp"

#include "bot/config/config_loader.hpp"
#include "bot/store/store.hpp"

#include <charconv>
#include <cstdlib>

namespace medic::serve {
namespace {

/// `path` as written in the configuration file `config_file`: a relative one is read from that
/// file's folder.
std::string beside(const std::string& config_file, const std::string& path) {
    if (path.empty() || std::filesystem::path(path).is_absolute() || config_file.empty())
        return path;
    return (std::filesystem::path(config_file).parent_path() / path).lexically_normal().string();
}

/// Each repository of server.repositories with a telemetry token: its token from the
/// environment, and the configuration that judges its telemetry (its config: file, else the
/// server's own).
Result<void> add_live_repositories(ServeSettings& settings, const std::string& config_file,
                                   const EnvironmentLookup& environment) {
    for (auto& [name, served] : settings.config.server.repositories) {
        served.config = beside(config_file, served.config);
        if (served.telemetry_token_env.empty())
            continue;
        auto token = environment(served.telemetry_token_env);
        if (!token)
            return fail(ErrorCode::invalid_input,
                        "server.repositories." + name + ".telemetry_token_env names " +
                            served.telemetry_token_env +
                            ", which is not set: set it to the token the repository's OTLP "
                            "exporters send");
        settings.telemetry_tokens.push_back({name, std::move(*token)});
        auto judge = settings.config;
        if (!served.config.empty()) {
            MEDIC_TRY(own, load_config(served.config));
            judge = std::move(*own);
        }
        settings.live_repositories.push_back({name, std::move(judge)});
    }
    return {};
}

/// `override_value` unless it is empty.
std::string either(const std::string& override_value, const std::string& configured) {
    return override_value.empty() ? configured : override_value;
}

Result<ServeRole> role_of(const std::string& text) {
    if (auto const role = parse_serve_role(text))
        return *role;
    return fail(ErrorCode::invalid_input, "--role '" + text + "' is not both, web or worker");
}

} // namespace

std::optional<ServeRole> parse_serve_role(std::string_view text) {
    if (text == "both")
        return ServeRole::both;
    if (text == "web")
        return ServeRole::web;
    if (text == "worker")
        return ServeRole::worker;
    return std::nullopt;
}

std::string store_location(const ServeSettings& settings) {
    return settings.store.empty() ? (settings.state_dir / "medic.sqlite3").string()
                                  : settings.store;
}

Result<std::pair<std::string, int>> parse_listen_address(std::string_view text) {
    auto const colon = text.rfind(':');
    auto const bad = [&] {
        return fail(ErrorCode::invalid_input, "--listen '" + std::string(text) +
                                                  "' is not HOST:PORT (e.g. 127.0.0.1:8080, "
                                                  "0.0.0.0:8080, [::1]:8080)");
    };
    if (colon == std::string_view::npos || colon == 0)
        return bad();
    auto host = text.substr(0, colon);
    if (host.starts_with('[') && host.ends_with(']'))
        host = host.substr(1, host.size() - 2);
    int port = -1;
    auto const digits = text.substr(colon + 1);
    auto const [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error != std::errc() || end != digits.data() + digits.size() || port < 0 || port > 65535 ||
        host.empty())
        return bad();
    return std::pair{std::string(host), port};
}

std::optional<std::string> process_environment(const std::string& name) {
    char const* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0')
        return std::nullopt;
    return std::string(value);
}

Result<ServeSettings> settings_from(const ServeOverrides& overrides,
                                    const EnvironmentLookup& environment) {
    MEDIC_TRY(config, overrides.config_file.empty() ? Result<MedicConfig>(MedicConfig{})
                                                    : load_config(overrides.config_file));
    auto const& server = config->server;
    ServeSettings settings;
    settings.listen = either(overrides.listen, server.listen);
    settings.state_dir = either(overrides.state_dir, server.state_dir);
    settings.store = either(overrides.store, server.store);
    MEDIC_TRY(role, role_of(either(overrides.role, server.role)));
    settings.role = *role;
    settings.workers = overrides.workers > 0 ? overrides.workers : server.workers;
    settings.body_limit = server.body_limit_bytes;
    settings.recovery_interval = std::chrono::milliseconds(server.recovery_interval_ms);
    settings.reread_interval = std::chrono::milliseconds(server.reread_interval_ms);
    settings.telemetry_interval = std::chrono::milliseconds(server.telemetry_interval_ms);
    settings.telemetry_window = std::chrono::milliseconds(server.telemetry_window_ms);
    settings.job_lease = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::milliseconds(server.job_lease_ms));
    if (!settings.store.empty() && !store::is_database_url(settings.store))
        return fail(ErrorCode::invalid_input,
                    "--store '" + store::redact_url(settings.store) +
                        "' is not a postgresql:// URL (leave it out for the SQLite file in the "
                        "state directory)");
    auto secret = environment(server.webhook_secret_env);
    if (!secret)
        return fail(ErrorCode::invalid_input,
                    "no webhook secret: set " + server.webhook_secret_env +
                        " to the GitHub App's webhook secret (server.webhook_secret_env names "
                        "another variable); without it no delivery could be verified");
    settings.webhook_secret = std::move(*secret);
    settings.config = std::move(*config);
    MEDIC_RETURN_IF_ERROR(add_live_repositories(settings, overrides.config_file, environment));
    return settings;
}

} // namespace medic::serve
