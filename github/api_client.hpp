#pragma once
// GitHubApi: GitHub's REST and GraphQL APIs over the HttpClient interface, with GitHub's own
// rules for retrying (rate_limits.hpp), Link-header pagination, and errors that say what to fix.
// Works with github.com and GitHub Enterprise Server (the base URL is configuration).

#include "bot/model/clock.hpp"
#include "bot/model/http.hpp"
#include "github/rate_limits.hpp"
#include "github/token_source.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace medic::github {

/// How to reach GitHub and how patient to be.
struct ApiOptions {
    std::string api_url = "https://api.github.com"; ///< GHES: https://HOST/api/v3
    unsigned max_retries = 5;
    std::chrono::milliseconds initial_backoff{1000};
    std::chrono::milliseconds max_wait{std::chrono::minutes(15)}; ///< Longer waits fail instead.
    double timeout_s = 30;
    std::string accept = "application/vnd.github+json";
    std::string user_agent = "medic";
    std::uint64_t jitter_seed = std::random_device{}();
};

/// One answer of any status, body parsed (null when empty or not JSON).
struct ApiAnswer {
    int status = 0;
    nlohmann::json body;
    HttpResponse raw;
};

/// An Error for a failed answer that says what to fix: bad token, missing permission, branch
/// protection, validation failure, not found.
Error describe_failure(std::string_view method, std::string_view path, const ApiAnswer& answer,
                       std::string_view token_kind);

/// What the client has done so far (for reports and tests).
struct ApiStats {
    unsigned requests = 0;
    unsigned retries = 0;
    std::vector<std::chrono::milliseconds> waits;
    std::vector<std::string> wait_reasons;
};

/// The client. One per run; not thread-safe (one per worker thread).
class GitHubApi {
public:
    /// `clock` decides rate-limit waits and anything else that depends on the time; it and the
    /// other references must outlive the client.
    GitHubApi(HttpClient& http, Sleeper& sleeper, TokenSource& token, ApiOptions options,
              const Clock& clock = wall_clock());

    /// Sends `method path` (a path below api_url, or a full URL from a Link header), retrying
    /// as GitHub asks; any final status is an answer, only transport failures are Errors.
    Result<ApiAnswer> call(std::string_view method, std::string_view path,
                           const nlohmann::json* body = nullptr);

    /// The body of a 2xx answer, or an Error that names the call and says what to fix.
    Result<nlohmann::json> get(std::string_view path);
    Result<nlohmann::json> post(std::string_view path, const nlohmann::json& body);
    Result<nlohmann::json> patch(std::string_view path, const nlohmann::json& body);
    Result<nlohmann::json> put(std::string_view path, const nlohmann::json& body);

    /// Every item of a paginated list, following Link rel="next" (per_page=100), stopping after
    /// `limit` items or when `enough` says so for an item.
    Result<std::vector<nlohmann::json>>
    list(std::string_view path, std::size_t limit = std::numeric_limits<std::size_t>::max(),
         const std::function<bool(const nlohmann::json&)>& enough = {});

    /// A GraphQL query or mutation; an answer carrying `errors` is an Error quoting them.
    Result<nlohmann::json> graphql(std::string_view query, const nlohmann::json& variables);

    /// describe_failure for an answer this client received (names its kind of token).
    [[nodiscard]] Error failure(std::string_view method, std::string_view path,
                                const ApiAnswer& answer) const {
        return describe_failure(method, path, answer, m_token.kind());
    }

    [[nodiscard]] const RateLimit& rate_limit() const { return m_rate_limit; }
    [[nodiscard]] const ApiStats& stats() const { return m_stats; }
    [[nodiscard]] const ApiOptions& options() const { return m_options; }
    [[nodiscard]] TokenSource& token_source() { return m_token; }
    [[nodiscard]] const Clock& clock() const { return m_clock; }

private:
    Result<HttpResponse> send_once(std::string_view method, const std::string& url,
                                   const nlohmann::json* body);
    Result<nlohmann::json> expect_success(std::string_view method, std::string_view path,
                                          const nlohmann::json* body);
    [[nodiscard]] std::string url_of(std::string_view path) const;

    HttpClient& m_http;
    Sleeper& m_sleeper;
    TokenSource& m_token;
    ApiOptions m_options;
    const Clock& m_clock;
    std::mt19937_64 m_random;
    RateLimit m_rate_limit;
    ApiStats m_stats;
};

/// `text` percent-encoded for one path segment (a label name, a branch in a query).
std::string encode_path_segment(std::string_view text);

/// The URL of rel="next" in a Link header, or empty.
std::string next_page_url(std::string_view link_header);

/// The GraphQL endpoint belonging to a REST base URL (github.com and GHES differ).
std::string graphql_url(std::string_view api_url);

} // namespace medic::github
