#pragma once
// InstallationTokenSource: a TokenSource for a GitHub App. It signs a JWT with the app's key,
// finds the app's installation on the repository, and trades the JWT for an installation token
// (valid 1 h), which it caches and renews shortly before it expires.

#include "bot/model/clock.hpp"
#include "bot/model/http.hpp"
#include "github/jwt.hpp"
#include "github/token_source.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace medic::github {

/// What identifies a GitHub App and the installation Medic acts as.
struct AppCredentials {
    std::string api_url = "https://api.github.com"; ///< GHES: "https://HOST/api/v3".
    std::string app_id;                             ///< The numeric App ID, or the app's Client ID.
    std::string private_key_pem;                 ///< The .pem GitHub generated (PKCS#1), or PKCS#8.
    std::optional<std::int64_t> installation_id; ///< Looked up from `repository` when empty.
    std::string repository; ///< "owner/name": finds the installation when installation_id is empty.
};

/// An installation token's `expires_at` ("2016-07-11T22:14:10Z"); nothing when it is not RFC 3339.
std::optional<std::chrono::system_clock::time_point> parse_expires_at(std::string_view text);

/// Installation tokens for one GitHub App installation, fetched on demand and cached until 5
/// minutes before they expire. token() and invalidate() may be called from several threads;
/// concurrent callers wait for one fetch rather than each asking GitHub.
class InstallationTokenSource final : public TokenSource {
public:
    /// A cached token is renewed once it has no more than this left.
    static constexpr std::chrono::minutes k_refresh_margin{5};
    /// When a renewal fails for a passing reason, the old token is still used until this is left.
    static constexpr std::chrono::minutes k_last_use_margin{1};
    /// The lifetime assumed when GitHub's `expires_at` is missing or unreadable.
    static constexpr std::chrono::minutes k_assumed_lifetime{50};

    /// Talks to `credentials.api_url` through `http`, waiting between retries with `sleeper`;
    /// `clock` is for the JWT and for token expiry. `http`, `sleeper` and `clock` must outlive it.
    InstallationTokenSource(HttpClient& http, Sleeper& sleeper, AppCredentials credentials,
                            const Clock& clock = wall_clock());

    /// The cached installation token, or a new one when 5 minutes or less of it are left (the
    /// old one while GitHub is unavailable, until 1 minute is left).
    Result<std::string> token() override;
    /// Drops the cached token (GitHub refused it), so the next token() fetches a new one.
    void invalidate() override;
    /// "GitHub App installation token", for error messages.
    [[nodiscard]] std::string kind() const override;

    /// The permissions GitHub granted the last token (e.g. {"contents": "write"}); null before.
    /// Read it on the thread that called token(): another thread's token() may replace it.
    [[nodiscard]] const nlohmann::json& permissions() const { return m_permissions; }
    /// The installation the tokens are for, once given or looked up.
    [[nodiscard]] std::optional<std::int64_t> installation_id() const;
    /// When the cached token expires (as GitHub said, or assumed); nothing when none is cached.
    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> expires_at() const;
    /// How many times token() went to GitHub for a new token (successfully or not).
    [[nodiscard]] unsigned fetch_count() const;

private:
    struct CachedToken {
        std::string token;
        std::chrono::system_clock::time_point expires_at;
        nlohmann::json permissions;
    };

    Result<CachedToken> fetch(std::chrono::system_clock::time_point now);
    Result<std::int64_t> find_installation(const std::string& jwt);
    Result<CachedToken> create_token(std::int64_t installation, const std::string& jwt,
                                     std::chrono::system_clock::time_point now);
    Result<HttpResponse> send(const std::string& method, const std::string& path,
                              const std::string& jwt);
    [[nodiscard]] Error refusal(const HttpResponse& response, const std::string& what) const;

    HttpClient* m_http;
    Sleeper* m_sleeper;
    AppCredentials m_credentials;
    const Clock* m_clock;
    mutable std::mutex m_mutex;
    std::optional<std::int64_t> m_installation_id;
    std::optional<CachedToken> m_cached;
    nlohmann::json m_permissions;
    unsigned m_fetches = 0;
    std::uint64_t m_jitter_seed; ///< Random per source, so many bots do not retry in lock-step.
};

/// The App itself, for the endpoints only it may call (its webhook deliveries, its
/// installations): a JWT signed anew for each request, sent as `Bearer`.
class AppJwtSource final : public TokenSource {
public:
    AppJwtSource(std::string app_id, std::string private_key_pem, const Clock& clock = wall_clock())
        : m_app_id(std::move(app_id)), m_key(std::move(private_key_pem)), m_clock(&clock) {}
    Result<std::string> token() override { return make_app_jwt(m_app_id, m_key, m_clock->now()); }
    void invalidate() override {}
    [[nodiscard]] std::string kind() const override { return "GitHub App JWT"; }
    [[nodiscard]] std::string scheme() const override { return "Bearer"; }

private:
    std::string m_app_id;
    std::string m_key;
    const Clock* m_clock;
};

} // namespace medic::github
