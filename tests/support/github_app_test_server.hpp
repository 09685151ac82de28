#pragma once
// GithubAppTestServer: a real HTTP server on 127.0.0.1 (port 0) that answers a GitHub App's
// authentication calls the way GitHub does — GET /repos/{owner}/{repo}/installation and POST
// /app/installations/{id}/access_tokens — after checking the Bearer JWT's RS256 signature with
// the app's public key and GitHub's iat/exp rules against its own (injected) clock.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace medic::test {

/// What the server knows about the one app it serves.
struct GithubAppServerOptions {
    std::string app_id;         ///< The JWT's iss must be this (a number when all digits).
    std::string public_key_pem; ///< Verifies the JWT's signature ("BEGIN PUBLIC KEY").
    std::map<std::string, std::int64_t> installations; ///< "owner/name" → installation id.
    /// The server's clock; tests share it with the client so moving it moves both.
    std::function<std::chrono::system_clock::time_point()> now;
};

/// A canned answer that replaces the next request's normal one (after it is recorded).
struct CannedAnswer {
    int status = 500;
    std::string message = "Server Error";
    std::vector<std::pair<std::string, std::string>> headers;
};

/// The server; stops and joins in its destructor.
class GithubAppTestServer {
public:
    /// Installation tokens live this long, as on GitHub.
    static constexpr std::chrono::hours k_token_lifetime{1};

    explicit GithubAppTestServer(GithubAppServerOptions options);
    ~GithubAppTestServer();
    GithubAppTestServer(const GithubAppTestServer&) = delete;
    GithubAppTestServer& operator=(const GithubAppTestServer&) = delete;

    /// "http://127.0.0.1:<port>": the api_url to give the client.
    [[nodiscard]] std::string api_url() const;
    /// Answers the next request with `answer` instead of the normal reply (first in, first out).
    void answer_next(CannedAnswer answer);
    /// Sends this `expires_at` text (or none at all when nullopt) instead of now + 1 h.
    void set_expires_at(std::optional<std::string> text);
    /// "GET /repos/o/n/installation", "POST /app/installations/7/access_tokens", in order.
    [[nodiscard]] std::vector<std::string> requests() const;
    /// Deviations from what GitHub requires of a request (headers), empty when all were right.
    [[nodiscard]] std::vector<std::string> violations() const;
    /// Why JWTs were refused with 401 (wrong key, expired, …), in order.
    [[nodiscard]] std::vector<std::string> refused_jwts() const;
    /// Every installation token issued, in order.
    [[nodiscard]] std::vector<std::string> issued_tokens() const;

private:
    void lookup(const httplib::Request& request, httplib::Response& response);
    void create_token(const httplib::Request& request, httplib::Response& response);
    bool admit(const httplib::Request& request, httplib::Response& response);
    nlohmann::json token_body();

    GithubAppServerOptions m_options;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;
    mutable std::mutex m_mutex;
    std::deque<CannedAnswer> m_canned;
    std::optional<std::string> m_expires_at_override;
    bool m_override_expires_at = false;
    std::vector<std::string> m_requests;
    std::vector<std::string> m_violations;
    std::vector<std::string> m_refused;
    std::vector<std::string> m_tokens;
};

/// Why `jwt` would not authenticate app `app_id` on GitHub at `now` (signature by
/// `public_key_pem`, header, iss, iat/exp rules); nothing when it would.
std::optional<std::string> check_app_jwt(const std::string& jwt, const std::string& app_id,
                                         const std::string& public_key_pem,
                                         std::chrono::system_clock::time_point now);

/// True when `signature` is an RS256 (PKCS#1 v1.5, SHA-256) signature of `signing_input` by the
/// key whose public half is `public_key_pem`; checked with EVP_DigestVerify.
bool rs256_verifies(const std::string& signing_input, const std::string& signature,
                    const std::string& public_key_pem);

/// Decodes unpadded base64url; nothing on any other character or a padded/impossible length.
/// The dot-separated parts of a JWT (or any text), empty parts kept.
std::vector<std::string> split_on_dots(const std::string& text);

std::optional<std::string> base64url_decode(std::string_view text);

} // namespace medic::test
