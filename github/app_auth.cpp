#include "github/app_auth.hpp"

#include "bot/model/json.hpp"
#include "bot/model/result.hpp"
#include "bot/model/retry.hpp"
#include "bot/model/text.hpp"
#include "bot/model/time.hpp"
#include "github/jwt.hpp"

#include <algorithm>
#include <limits>
#include <random>
#include <utility>

namespace medic::github {

using nlohmann::json;

namespace {

// GitHub's own explanation ({"message": …}) as a suffix, or the start of a non-JSON body.
std::string github_says(const HttpResponse& response) {
    std::string message = text_of(parse_json_or_null(response.body), "message");
    if (message.empty())
        message = utf8_prefix(response.body, 200);
    return message.empty() ? "" : " (GitHub: \"" + message + "\")";
}

bool is_success(int status) {
    return status >= 200 && status <= 299;
}

// Only GitHub's repository name characters, so the name can go into a URL path as is.
bool is_owner_name(std::string_view repository) {
    const auto slash = repository.find('/');
    const bool allowed = std::ranges::all_of(repository, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.' || c == '/';
    });
    return allowed && slash != std::string_view::npos && slash != 0 &&
           slash + 1 < repository.size() && repository.find('/', slash + 1) == std::string::npos;
}

// A secondary rate limit is a 403 too, but one that waiting fixes.
bool is_rate_limit(const HttpResponse& response) {
    return response.header("retry-after").has_value() ||
           response.header("x-ratelimit-remaining") == "0";
}

std::string without_trailing_slash(std::string url) {
    while (url.ends_with('/'))
        url.pop_back();
    return url;
}

std::string attempts_text(unsigned attempts) {
    return " after " + std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}

} // namespace

std::optional<std::chrono::system_clock::time_point> parse_expires_at(std::string_view text) {
    const auto unix_ms = parse_rfc3339_ms(text);
    // The clock counts nanoseconds in 64 bits (years 1678 to 2262): a date outside that, such
    // as the year 1013 a fuzzer sent, would overflow; no token expires before 1970 anyway.
    constexpr std::int64_t k_latest_ms = std::numeric_limits<std::int64_t>::max() / 1'000'000;
    if (!unix_ms || *unix_ms < 0 || *unix_ms > k_latest_ms)
        return std::nullopt;
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(*unix_ms));
}

InstallationTokenSource::InstallationTokenSource(HttpClient& http, Sleeper& sleeper,
                                                 AppCredentials credentials, const Clock& clock)
    : m_http(&http), m_sleeper(&sleeper), m_credentials(std::move(credentials)), m_clock(&clock),
      m_installation_id(m_credentials.installation_id), m_jitter_seed(std::random_device{}()) {
    m_credentials.api_url = without_trailing_slash(m_credentials.api_url);
}

Result<std::string> InstallationTokenSource::token() {
    const std::lock_guard lock(m_mutex);
    const auto now = m_clock->now();
    if (m_cached && m_cached->expires_at - now > k_refresh_margin)
        return m_cached->token;
    ++m_fetches;
    auto fetched = fetch(now);
    // GitHub down during a renewal: the old token still works for a few minutes, so use it.
    if (!fetched && m_cached && is_retryable(fetched.error().code) &&
        m_cached->expires_at - now > k_last_use_margin)
        return m_cached->token;
    if (!fetched)
        return std::unexpected(fetched.error());
    m_permissions = std::move(fetched->permissions);
    m_cached = std::move(*fetched);
    return m_cached->token;
}

void InstallationTokenSource::invalidate() {
    const std::lock_guard lock(m_mutex);
    m_cached.reset();
}

std::string InstallationTokenSource::kind() const {
    return "GitHub App installation token";
}

std::optional<std::int64_t> InstallationTokenSource::installation_id() const {
    const std::lock_guard lock(m_mutex);
    return m_installation_id;
}

std::optional<std::chrono::system_clock::time_point> InstallationTokenSource::expires_at() const {
    const std::lock_guard lock(m_mutex);
    return m_cached ? std::optional(m_cached->expires_at) : std::nullopt;
}

unsigned InstallationTokenSource::fetch_count() const {
    const std::lock_guard lock(m_mutex);
    return m_fetches;
}

// A fresh JWT per fetch: it lives 10 minutes at most, an installation token an hour.
Result<InstallationTokenSource::CachedToken>
InstallationTokenSource::fetch(std::chrono::system_clock::time_point now) {
    MEDIC_TRY(jwt, make_app_jwt(m_credentials.app_id, m_credentials.private_key_pem, now));
    if (!m_installation_id) {
        MEDIC_TRY(found, find_installation(*jwt));
        m_installation_id = *found;
    }
    return create_token(*m_installation_id, *jwt, now);
}

Result<std::int64_t> InstallationTokenSource::find_installation(const std::string& jwt) {
    const std::string& repository = m_credentials.repository;
    if (!is_owner_name(repository))
        return fail(ErrorCode::invalid_input,
                    "github.repository \"" + repository +
                        "\" is not \"owner/name\": set it, or github.installation_id, so Medic "
                        "can find the GitHub App's installation");
    MEDIC_TRY(response, send("GET", "/repos/" + repository + "/installation", jwt));
    if (response->status == 404)
        return fail(ErrorCode::not_found,
                    "the GitHub App " + m_credentials.app_id + " is not installed on " +
                        repository + ": install it from the app's page and give it access to " +
                        repository + " (or correct github.repository)" + github_says(*response));
    if (!is_success(response->status))
        return std::unexpected(refusal(*response, "look up its installation on " + repository));
    auto const id = integer_of(parse_json_or_null(response->body), "id");
    if (id <= 0)
        return fail(ErrorCode::unavailable,
                    "GitHub's answer to GET " + m_credentials.api_url + "/repos/" + repository +
                        "/installation has no installation \"id\": check github.api_url");
    return id;
}

Result<InstallationTokenSource::CachedToken>
InstallationTokenSource::create_token(std::int64_t installation, const std::string& jwt,
                                      std::chrono::system_clock::time_point now) {
    const std::string id = std::to_string(installation);
    const std::string path = "/app/installations/" + id + "/access_tokens";
    MEDIC_TRY(response, send("POST", path, jwt));
    if (response->status == 404)
        return fail(ErrorCode::not_found,
                    "the GitHub App " + m_credentials.app_id + " has no installation " + id +
                        ": correct github.installation_id, or leave it empty to look the "
                        "installation up from github.repository" +
                        github_says(*response));
    if (!is_success(response->status))
        return std::unexpected(refusal(*response, "create a token for installation " + id));
    json body = parse_json_or_null(response->body);
    auto token = text_of(body, "token");
    if (token.empty())
        return fail(ErrorCode::unavailable, "GitHub's answer to POST " + m_credentials.api_url +
                                                path + " holds no \"token\": check github.api_url");
    // Without a readable expiry the token is still good; renewing early is the safe side.
    const auto expires = parse_expires_at(text_of(body, "expires_at"));
    return CachedToken{std::move(token), expires.value_or(now + k_assumed_lifetime),
                       object_of(body, "permissions")};
}

// One GitHub call authenticated as the app, retried on 5xx, 429 and transport failures.
Result<HttpResponse> InstallationTokenSource::send(const std::string& method,
                                                   const std::string& path,
                                                   const std::string& jwt) {
    const HttpRequest request{method,
                              m_credentials.api_url + path,
                              {{"Accept", "application/vnd.github+json"},
                               {"X-GitHub-Api-Version", "2022-11-28"},
                               {"User-Agent", "medic"},
                               {"Authorization", "Bearer " + jwt}},
                              "",
                              30};
    http::RetryPolicy policy;
    policy.max_retries = 3;
    policy.jitter_seed = m_jitter_seed++;
    policy.clock = m_clock;
    const http::RetryOutcome outcome =
        http::send_with_retries(*m_http, *m_sleeper, request, policy);
    if (!outcome.last)
        return fail(outcome.last.error().code,
                    outcome.last.error().message + attempts_text(outcome.attempts));
    const int status = outcome.last->status;
    if (http::is_retryable_status(status))
        return fail(status == 429 ? ErrorCode::rate_limited : ErrorCode::unavailable,
                    "GitHub answered HTTP " + std::to_string(status) + " to " + method + " " +
                        request.url + attempts_text(outcome.attempts) + github_says(*outcome.last) +
                        ": try again later");
    return *outcome.last;
}

Error InstallationTokenSource::refusal(const HttpResponse& response,
                                       const std::string& what) const {
    const std::string& app = m_credentials.app_id;
    const std::string status = std::to_string(response.status);
    if (response.status == 401)
        return {ErrorCode::invalid_input,
                "GitHub refused the app's JWT (app id " + app +
                    "): check github.app_id, that the private key belongs to that app, and the "
                    "machine's clock" +
                    github_says(response)};
    if (response.status == 403 && is_rate_limit(response))
        return {ErrorCode::rate_limited, "GitHub's rate limit stopped the GitHub App " + app +
                                             " from trying to " + what + github_says(response) +
                                             ": try again after a while"};
    if (response.status == 403)
        return {ErrorCode::invalid_input,
                "the GitHub App " + app + " may not " + what + github_says(response) +
                    ": check on the app's settings page that it has the permissions Medic needs "
                    "(Contents, Pull requests and Checks: read and write), that the installation "
                    "accepted them, and that the installation is not suspended"};
    return {ErrorCode::invalid_input, "GitHub answered HTTP " + status + " when the GitHub App " +
                                          app + " tried to " + what + github_says(response)};
}

} // namespace medic::github
