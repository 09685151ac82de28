#include "tests/support/github_app_test_server.hpp"

#include "github/openssl_handles.hpp"

#include <ctime>
#include <httplib.h>
#include <openssl/pem.h>
#include <random>
#include <stdexcept>

namespace medic::test {

using nlohmann::json;

namespace {

int base64url_value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '-' ? 62 : c == '_' ? 63 : -1;
}

} // namespace

bool rs256_verifies(const std::string& signing_input, const std::string& signature,
                    const std::string& public_key_pem) {
    using namespace medic::github;
    ssl::Bio bio(BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size())));
    ssl::Pkey key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    ssl::MdCtx context(EVP_MD_CTX_new());
    return key && context &&
           EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
           EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(signing_input.data()),
                            signing_input.size()) == 1;
}

namespace {

json expected_issuer(const std::string& app_id) {
    const bool digits =
        !app_id.empty() && app_id.find_first_not_of("0123456789") == std::string::npos;
    return digits ? json(std::stoll(app_id)) : json(app_id);
}

// GitHub's rules: iat in the past, exp in the future but at most 10 minutes ahead.
std::optional<std::string> check_claims(const json& claims, const std::string& app_id,
                                        std::chrono::system_clock::time_point now) {
    if (!claims.is_object() || claims.size() != 3 || !claims.contains("iat") ||
        !claims.contains("exp") || !claims["iat"].is_number_integer() ||
        !claims["exp"].is_number_integer())
        return "claims must be exactly integer iat, integer exp and iss: " + claims.dump();
    if (claims.value("iss", json()) != expected_issuer(app_id))
        return "iss " + claims.value("iss", json()).dump() + " is not app " + app_id;
    const auto now_s = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
    const auto iat = claims["iat"].get<std::int64_t>();
    const auto exp = claims["exp"].get<std::int64_t>();
    if (iat > now_s)
        return "iat lies in the future";
    if (exp <= now_s)
        return "the JWT has expired";
    if (exp > now_s + 600)
        return "exp lies more than 10 minutes in the future";
    return std::nullopt;
}

std::string github_time(std::chrono::system_clock::time_point at) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// Tokens of varying length in the new stateless shape, so no client can rely on a length.
std::string new_token(std::size_t serial) {
    static constexpr std::string_view k_chars =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::mt19937_64 random(serial);
    std::string token = "ghs_" + std::to_string(serial) + "_";
    for (std::size_t i = 0; i < 40 + serial * 7; ++i)
        token += k_chars[random() % k_chars.size()];
    return token;
}

void answer(httplib::Response& response, int status, const json& body) {
    response.status = status;
    response.set_content(body.dump(), "application/json; charset=utf-8");
}

json github_error(const std::string& message, const std::string& anchor) {
    return {{"message", message},
            {"documentation_url", "https://docs.github.com/rest/apps/apps#" + anchor}};
}

} // namespace

std::vector<std::string> split_on_dots(const std::string& text) {
    std::vector<std::string> parts(1);
    for (const char c : text) {
        if (c == '.')
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    std::uint32_t bits = 0;
    int pending = 0;
    for (const char c : text) {
        const int value = base64url_value(c);
        if (value < 0)
            return std::nullopt;
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        pending += 6;
        if (pending >= 8) {
            pending -= 8;
            out += static_cast<char>((bits >> pending) & 0xff);
        }
    }
    if (pending > 0 && (bits & ((1u << pending) - 1)) != 0)
        return std::nullopt; // non-canonical trailing bits
    return out;
}

std::optional<std::string> check_app_jwt(const std::string& jwt, const std::string& app_id,
                                         const std::string& public_key_pem,
                                         std::chrono::system_clock::time_point now) {
    const auto parts = split_on_dots(jwt);
    if (parts.size() != 3)
        return "a JWT has three dot-separated parts, this one " + std::to_string(parts.size());
    const auto header = base64url_decode(parts[0]);
    const auto claims = base64url_decode(parts[1]);
    const auto signature = base64url_decode(parts[2]);
    if (!header || !claims || !signature)
        return std::string("a part is not unpadded base64url");
    if (json::parse(*header, nullptr, false) != json{{"alg", "RS256"}, {"typ", "JWT"}})
        return "the header is " + *header;
    if (!rs256_verifies(parts[0] + "." + parts[1], *signature, public_key_pem))
        return std::string("the signature does not verify with the app's public key");
    return check_claims(json::parse(*claims, nullptr, false), app_id, now);
}

GithubAppTestServer::GithubAppTestServer(GithubAppServerOptions options)
    : m_options(std::move(options)), m_server(std::make_unique<httplib::Server>()) {
    if (!m_options.now)
        m_options.now = [] { return std::chrono::system_clock::now(); };
    m_server->Get(R"(/repos/([^/]+)/([^/]+)/installation)",
                  [this](const auto& request, auto& response) { lookup(request, response); });
    m_server->Post(
        R"(/app/installations/(\d+)/access_tokens)",
        [this](const auto& request, auto& response) { create_token(request, response); });
    m_port = m_server->bind_to_any_port("127.0.0.1");
    if (m_port <= 0)
        throw std::runtime_error("GithubAppTestServer could not bind 127.0.0.1");
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    while (!m_server->is_running())
        std::this_thread::yield();
}

GithubAppTestServer::~GithubAppTestServer() {
    m_server->stop();
    m_thread.join();
}

std::string GithubAppTestServer::api_url() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

void GithubAppTestServer::answer_next(CannedAnswer answer) {
    const std::lock_guard lock(m_mutex);
    m_canned.push_back(std::move(answer));
}

void GithubAppTestServer::set_expires_at(std::optional<std::string> text) {
    const std::lock_guard lock(m_mutex);
    m_override_expires_at = true;
    m_expires_at_override = std::move(text);
}

std::vector<std::string> GithubAppTestServer::requests() const {
    const std::lock_guard lock(m_mutex);
    return m_requests;
}

std::vector<std::string> GithubAppTestServer::violations() const {
    const std::lock_guard lock(m_mutex);
    return m_violations;
}

std::vector<std::string> GithubAppTestServer::refused_jwts() const {
    const std::lock_guard lock(m_mutex);
    return m_refused;
}

std::vector<std::string> GithubAppTestServer::issued_tokens() const {
    const std::lock_guard lock(m_mutex);
    return m_tokens;
}

// Records the request, checks GitHub's required headers and the JWT; false when answered here.
bool GithubAppTestServer::admit(const httplib::Request& request, httplib::Response& response) {
    const std::lock_guard lock(m_mutex);
    m_requests.push_back(request.method + " " + request.path);
    if (request.get_header_value("Accept") != "application/vnd.github+json")
        m_violations.push_back("Accept must be application/vnd.github+json");
    if (request.get_header_value("X-GitHub-Api-Version") != "2022-11-28")
        m_violations.push_back("X-GitHub-Api-Version must be 2022-11-28");
    if (request.get_header_value("User-Agent").empty())
        m_violations.push_back("GitHub refuses requests without a User-Agent");
    if (!m_canned.empty()) {
        const CannedAnswer canned = std::move(m_canned.front());
        m_canned.pop_front();
        for (const auto& [name, value] : canned.headers)
            response.set_header(name, value);
        answer(response, canned.status, {{"message", canned.message}});
        return false;
    }
    const std::string authorization = request.get_header_value("Authorization");
    const auto refused = authorization.starts_with("Bearer ")
                             ? check_app_jwt(authorization.substr(7), m_options.app_id,
                                             m_options.public_key_pem, m_options.now())
                             : std::optional<std::string>("Authorization is not \"Bearer <JWT>\"");
    if (!refused)
        return true;
    m_refused.push_back(*refused);
    answer(response, 401, github_error("A JSON web token could not be decoded", ""));
    return false;
}

void GithubAppTestServer::lookup(const httplib::Request& request, httplib::Response& response) {
    if (!admit(request, response))
        return;
    const std::string repository = request.matches[1].str() + "/" + request.matches[2].str();
    const auto found = m_options.installations.find(repository);
    if (found == m_options.installations.end())
        return answer(
            response, 404,
            github_error("Not Found", "get-a-repository-installation-for-the-authenticated-app"));
    answer(response, 200,
           {{"id", found->second},
            {"account", {{"login", request.matches[1].str()}, {"type", "Organization"}}},
            {"app_id", expected_issuer(m_options.app_id)},
            {"target_type", "Organization"},
            {"repository_selection", "selected"},
            {"permissions", {{"contents", "write"}, {"pull_requests", "write"}}}});
}

void GithubAppTestServer::create_token(const httplib::Request& request,
                                       httplib::Response& response) {
    if (!admit(request, response))
        return;
    const std::int64_t id = std::stoll(request.matches[1].str());
    bool known = false;
    for (const auto& [repository, installation] : m_options.installations)
        known = known || installation == id;
    if (!known)
        return answer(response, 404,
                      github_error("Not Found", "create-an-installation-access-token-for-an-app"));
    answer(response, 201, token_body());
}

json GithubAppTestServer::token_body() {
    const std::lock_guard lock(m_mutex);
    const std::string token = new_token(m_tokens.size() + 1);
    m_tokens.push_back(token);
    json body = {
        {"token", token},
        {"permissions", {{"contents", "write"}, {"pull_requests", "write"}, {"metadata", "read"}}},
        {"repository_selection", "selected"}};
    if (!m_override_expires_at)
        body["expires_at"] = github_time(m_options.now() + k_token_lifetime);
    else if (m_expires_at_override)
        body["expires_at"] = *m_expires_at_override;
    return body;
}

} // namespace medic::test
