// GitHub App auth: the JWT (shape, claims, RS256 signature, key formats) and installation
// tokens fetched with CurlHttpClient from a local server that verifies every JWT like GitHub.

#include "bot/http/curl_http_client.hpp"
#include "github/app_auth.hpp"
#include "github/jwt.hpp"
#include "github/openssl_handles.hpp"
#include "tests/support/github_app_test_server.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/recording_sleeper.hpp"

#include <atomic>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/pem.h>

namespace medic::github {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using std::chrono::system_clock;
using testing::HasSubstr;

// 2023-11-14T22:13:20Z: any fixed instant works, the server shares the injected clock.
const system_clock::time_point k_now{1'700'000'000s};
constexpr std::int64_t k_installation = 4242;

// --- keys, generated once per process with OpenSSL ---

struct TestKeys {
    std::string pkcs1;            ///< "BEGIN RSA PRIVATE KEY", as GitHub hands them out.
    std::string pkcs8;            ///< "BEGIN PRIVATE KEY", the same key.
    std::string public_pem;       ///< Its public half.
    std::string other_public_pem; ///< Another key's public half.
    std::string ec;               ///< An EC P-256 private key.
    std::string encrypted;        ///< The RSA key, encrypted with a passphrase.
};

template <typename Write>
std::string pem_of(Write write) {
    ssl::Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        throw std::runtime_error("could not write a PEM");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string public_pem(EVP_PKEY* key) {
    return pem_of([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key); });
}

TestKeys generate_keys() {
    const ssl::Pkey rsa(EVP_RSA_gen(2048));
    const ssl::Pkey other(EVP_RSA_gen(2048));
    const ssl::Pkey ec(EVP_EC_gen("P-256"));
    if (!rsa || !other || !ec)
        throw std::runtime_error("OpenSSL could not generate the test keys");
    static const std::string passphrase = "correct horse";
    auto* secret = reinterpret_cast<unsigned char*>(const_cast<char*>(passphrase.data()));
    const int length = static_cast<int>(passphrase.size());
    return TestKeys{
        pem_of([&](BIO* bio) {
            return PEM_write_bio_PrivateKey_traditional(bio, rsa.get(), nullptr, nullptr, 0,
                                                        nullptr, nullptr);
        }),
        pem_of([&](BIO* bio) {
            return PEM_write_bio_PrivateKey(bio, rsa.get(), nullptr, nullptr, 0, nullptr, nullptr);
        }),
        public_pem(rsa.get()),
        public_pem(other.get()),
        pem_of([&](BIO* bio) {
            return PEM_write_bio_PrivateKey(bio, ec.get(), nullptr, nullptr, 0, nullptr, nullptr);
        }),
        pem_of([&](BIO* bio) {
            return PEM_write_bio_PrivateKey(bio, rsa.get(), EVP_aes_128_cbc(), secret, length,
                                            nullptr, nullptr);
        }),
    };
}

const TestKeys& keys() {
    static const TestKeys generated = generate_keys(); // RSA generation is slow: once
    return generated;
}

const http::CurlGlobal& curl() {
    static const http::CurlGlobal global; // once per test process, as the composition root does
    return global;
}

json decoded_json(const std::string& part) {
    const auto text = test::base64url_decode(part);
    return text ? json::parse(*text, nullptr, false) : json();
}

// --- the JWT ---

TEST(Base64Url, EncodesRfc4648VectorsWithTheUrlAlphabetAndNoPadding) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
    EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8"); // "+/8=" in plain base64
}

TEST(AppJwt, HasThreeUnpaddedBase64UrlParts) {
    const auto jwt = make_app_jwt("12345", keys().pkcs1, k_now);
    ASSERT_TRUE(jwt) << jwt.error().message;
    const auto parts = test::split_on_dots(*jwt);
    ASSERT_EQ(parts.size(), 3u) << *jwt;
    for (const auto& part : parts) {
        EXPECT_FALSE(part.empty());
        EXPECT_EQ(part.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                         "0123456789-_"),
                  std::string::npos)
            << part;
        EXPECT_TRUE(test::base64url_decode(part)) << part;
    }
    EXPECT_EQ(test::base64url_decode(parts[2])->size(), 256u); // a 2048-bit RSA signature
}

TEST(AppJwt, HeaderAndClaimsAreExactlyWhatGitHubRequires) {
    const auto jwt = make_app_jwt("12345", keys().pkcs1, k_now + 700ms);
    ASSERT_TRUE(jwt) << jwt.error().message;
    const auto parts = test::split_on_dots(*jwt);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(test::base64url_decode(parts[0]), R"({"alg":"RS256","typ":"JWT"})");
    const json claims = decoded_json(parts[1]);
    EXPECT_EQ(claims,
              (json{{"iat", 1'700'000'000 - 60}, {"exp", 1'700'000'000 + 9 * 60}, {"iss", 12345}}));
    EXPECT_TRUE(claims["iss"].is_number_integer()) << "a numeric app id is sent as a number";
}

TEST(AppJwt, AClientIdIsSentAsAString) {
    const auto jwt = make_app_jwt("Iv23liAbCdEf0123", keys().pkcs1, k_now);
    ASSERT_TRUE(jwt) << jwt.error().message;
    const json claims = decoded_json(test::split_on_dots(*jwt).at(1));
    EXPECT_EQ(claims["iss"], json("Iv23liAbCdEf0123"));
}

TEST(AppJwt, TheSignatureVerifiesWithThePublicKeyOnly) {
    ASSERT_THAT(keys().pkcs1, HasSubstr("-----BEGIN RSA PRIVATE KEY-----"));
    const auto jwt = make_app_jwt("12345", keys().pkcs1, k_now);
    ASSERT_TRUE(jwt) << jwt.error().message;
    const auto parts = test::split_on_dots(*jwt);
    const std::string input = parts.at(0) + "." + parts.at(1);
    const std::string signature = test::base64url_decode(parts.at(2)).value_or("");
    EXPECT_TRUE(test::rs256_verifies(input, signature, keys().public_pem));
    EXPECT_FALSE(test::rs256_verifies(input, signature, keys().other_public_pem));
    EXPECT_FALSE(test::rs256_verifies(input + "x", signature, keys().public_pem));
}

TEST(AppJwt, ReadsPkcs8Keys) {
    ASSERT_THAT(keys().pkcs8, HasSubstr("-----BEGIN PRIVATE KEY-----"));
    const auto jwt = make_app_jwt("12345", keys().pkcs8, k_now);
    ASSERT_TRUE(jwt) << jwt.error().message;
    EXPECT_EQ(test::check_app_jwt(*jwt, "12345", keys().public_pem, k_now), std::nullopt);
}

TEST(AppJwt, ReadsAKeyWhoseNewlinesWereSpelledOut) {
    std::string escaped;
    for (const char c : keys().pkcs1)
        escaped += c == '\n' ? std::string("\\n") : std::string(1, c); // as env variables carry it
    const auto jwt = make_app_jwt("12345", escaped, k_now);
    ASSERT_TRUE(jwt) << jwt.error().message;
    EXPECT_EQ(test::check_app_jwt(*jwt, "12345", keys().public_pem, k_now), std::nullopt);
}

void expect_refused_key(const Result<std::string>& jwt, std::string_view detail) {
    ASSERT_FALSE(jwt);
    EXPECT_EQ(jwt.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(jwt.error().message,
                HasSubstr("github.private_key does not hold an RSA private key in PEM form"));
    EXPECT_THAT(jwt.error().message, HasSubstr("download a new private key from the app's "
                                               "settings page"));
    EXPECT_THAT(jwt.error().message, HasSubstr(detail));
}

TEST(AppJwt, RefusesGarbageWithAdvice) {
    expect_refused_key(make_app_jwt("12345", "/etc/medic/app.pem", k_now),
                       "there is no -----BEGIN line");
    const std::string truncated = keys().pkcs1.substr(0, keys().pkcs1.size() / 2);
    expect_refused_key(make_app_jwt("12345", truncated, k_now), "cut short or damaged");
    expect_refused_key(make_app_jwt("12345", keys().public_pem, k_now), "not a private key");
}

TEST(AppJwt, RefusesAnEcKey) {
    expect_refused_key(make_app_jwt("12345", keys().ec, k_now), "EC");
}

TEST(AppJwt, RefusesAnEncryptedKeyWithoutAskingForAPassphrase) {
    ASSERT_THAT(keys().encrypted, HasSubstr("ENCRYPTED"));
    expect_refused_key(make_app_jwt("12345", keys().encrypted, k_now), "encrypted");
}

TEST(AppJwt, RefusesAnEmptyAppId) {
    const auto jwt = make_app_jwt("", keys().pkcs1, k_now);
    ASSERT_FALSE(jwt);
    EXPECT_EQ(jwt.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(jwt.error().message, HasSubstr("github.app_id"));
}

TEST(ExpiresAt, ReadsGitHubsFormatAndNothingElse) {
    using namespace std::chrono;
    EXPECT_EQ(parse_expires_at("2016-07-11T22:14:10Z"),
              sys_days{2016y / July / 11} + 22h + 14min + 10s);
    EXPECT_EQ(parse_expires_at("soon"), std::nullopt);
    // Dates the clock cannot hold (found by fuzz_github_answers: the year 1013 overflowed).
    EXPECT_EQ(parse_expires_at("1013-01-01T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_expires_at("2263-01-01T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_expires_at(""), std::nullopt);
}

// --- installation tokens against a real local server ---

class InstallationTokens : public testing::Test {
protected:
    test::GithubAppServerOptions options(std::string public_key) {
        return {"12345",
                std::move(public_key),
                {{"acme/shop", k_installation}},
                m_server_clock.function()};
    }
    AppCredentials credentials(std::optional<std::int64_t> installation = std::nullopt,
                               std::string repository = "acme/shop") const {
        return {m_server.api_url(), "12345", keys().pkcs1, installation, std::move(repository)};
    }
    InstallationTokenSource source(AppCredentials credentials) {
        return InstallationTokenSource(m_client, m_sleeper, std::move(credentials), m_clock);
    }

    test::ManualClock m_clock{k_now};
    test::ManualClock m_server_clock{k_now};
    test::GithubAppTestServer m_server{options(keys().public_pem)};
    http::CurlHttpClient m_client{curl()};
    test::RecordingSleeper m_sleeper;
    const std::string m_lookup = "GET /repos/acme/shop/installation";
    const std::string m_create = "POST /app/installations/4242/access_tokens";

    void move_both_clocks(system_clock::time_point at) {
        m_clock.set(at);
        m_server_clock.set(at);
    }
    void expect_all_requests_as_github_wants() const {
        EXPECT_THAT(m_server.violations(), testing::IsEmpty());
        EXPECT_THAT(m_server.refused_jwts(), testing::IsEmpty());
    }
};

TEST_F(InstallationTokens, FirstTokenFindsTheInstallationThenCreatesAToken) {
    auto tokens = source(credentials());
    EXPECT_EQ(tokens.installation_id(), std::nullopt);
    const auto token = tokens.token();
    ASSERT_TRUE(token) << token.error().message;
    ASSERT_EQ(m_server.issued_tokens().size(), 1u);
    EXPECT_EQ(*token, m_server.issued_tokens()[0]);
    EXPECT_EQ(m_server.requests(), (std::vector<std::string>{m_lookup, m_create}));
    expect_all_requests_as_github_wants();
    EXPECT_EQ(tokens.installation_id(), k_installation);
    EXPECT_EQ(tokens.permissions().value("contents", ""), "write");
    EXPECT_EQ(tokens.expires_at(), k_now + 1h);
    EXPECT_EQ(tokens.fetch_count(), 1u);
    EXPECT_EQ(tokens.kind(), "GitHub App installation token");
}

TEST_F(InstallationTokens, AKnownInstallationNeedsOneRequest) {
    auto tokens = source(credentials(k_installation));
    const auto token = tokens.token();
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(m_server.requests(), std::vector<std::string>{m_create});
    expect_all_requests_as_github_wants();
}

TEST_F(InstallationTokens, ASecondCallIsServedFromTheCache) {
    auto tokens = source(credentials());
    const auto first = tokens.token();
    ASSERT_TRUE(first) << first.error().message;
    m_clock.set(k_now + 30min);
    const auto second = tokens.token();
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(*second, *first);
    EXPECT_EQ(m_server.requests().size(), 2u);
    EXPECT_EQ(tokens.fetch_count(), 1u);
}

TEST_F(InstallationTokens, RenewsOnceFiveMinutesOrLessAreLeft) {
    auto tokens = source(credentials());
    const auto first = tokens.token();
    ASSERT_TRUE(first) << first.error().message;
    const auto expiry = k_now + 1h;
    move_both_clocks(expiry - 6min);
    EXPECT_EQ(tokens.token().value_or(""), *first);
    EXPECT_EQ(m_server.requests().size(), 2u);

    move_both_clocks(expiry - 4min);
    const auto renewed = tokens.token();
    ASSERT_TRUE(renewed) << renewed.error().message;
    EXPECT_NE(*renewed, *first);
    EXPECT_EQ(m_server.requests(), (std::vector<std::string>{m_lookup, m_create, m_create}))
        << "the installation is looked up once";
    EXPECT_EQ(tokens.expires_at(), expiry - 4min + 1h);
    expect_all_requests_as_github_wants(); // the second JWT was signed at the moved clock
}

TEST_F(InstallationTokens, InvalidateFetchesANewToken) {
    auto tokens = source(credentials(k_installation));
    const auto first = tokens.token();
    ASSERT_TRUE(first) << first.error().message;
    tokens.invalidate();
    EXPECT_EQ(tokens.expires_at(), std::nullopt);
    const auto second = tokens.token();
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_NE(*second, *first);
    EXPECT_EQ(m_server.requests(), (std::vector<std::string>{m_create, m_create}));
    EXPECT_EQ(tokens.fetch_count(), 2u);
}

TEST_F(InstallationTokens, AJwtFromAnotherKeyIsRefusedWithWhatToCheck) {
    test::GithubAppTestServer other_app(options(keys().other_public_pem));
    AppCredentials wrong = credentials();
    wrong.api_url = other_app.api_url();
    auto tokens = source(wrong);
    const auto token = tokens.token();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(token.error().message,
                HasSubstr("GitHub refused the app's JWT (app id 12345): check github.app_id, that "
                          "the private key belongs to that app, and the machine's clock"));
    EXPECT_THAT(other_app.refused_jwts(),
                testing::ElementsAre(HasSubstr("signature does not verify")));
    EXPECT_THAT(m_sleeper.waits, testing::IsEmpty()) << "a 401 is not retried";
}

TEST_F(InstallationTokens, AClockFarAheadOfGitHubsIsRefusedToo) {
    m_clock.set(k_now + 20min); // this machine's clock; the server's stays at k_now
    auto tokens = source(credentials());
    const auto token = tokens.token();
    ASSERT_FALSE(token);
    EXPECT_THAT(token.error().message, HasSubstr("the machine's clock"));
    EXPECT_THAT(m_server.refused_jwts(), testing::ElementsAre(HasSubstr("iat")));
}

TEST_F(InstallationTokens, AnUninstalledRepositoryIsNamed) {
    auto tokens = source(credentials(std::nullopt, "acme/other"));
    const auto token = tokens.token();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ErrorCode::not_found);
    EXPECT_THAT(token.error().message,
                HasSubstr("the GitHub App 12345 is not installed on acme/other: install it from "
                          "the app's page"));
    EXPECT_EQ(m_server.requests(), std::vector<std::string>{"GET /repos/acme/other/installation"});
}

TEST_F(InstallationTokens, AnUnknownInstallationIdIsNamed) {
    auto tokens = source(credentials(99));
    const auto token = tokens.token();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ErrorCode::not_found);
    EXPECT_THAT(token.error().message, HasSubstr("has no installation 99"));
    EXPECT_THAT(token.error().message, HasSubstr("github.installation_id"));
}

TEST_F(InstallationTokens, AForbiddenAnswerAsksForPermissions) {
    m_server.answer_next({403, "Resource not accessible by integration", {}});
    auto tokens = source(credentials(k_installation));
    const auto token = tokens.token();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(token.error().message, HasSubstr("may not create a token for installation 4242"));
    EXPECT_THAT(token.error().message, HasSubstr("Resource not accessible by integration"));
    EXPECT_THAT(token.error().message, HasSubstr("permissions"));
}

TEST_F(InstallationTokens, ASecondaryRateLimitIsRateLimited) {
    m_server.answer_next(
        {403, "You have exceeded a secondary rate limit", {{"Retry-After", "60"}}});
    auto tokens = source(credentials(k_installation));
    const auto token = tokens.token();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ErrorCode::rate_limited);
}

TEST_F(InstallationTokens, A502IsRetriedThenTheTokenIsCreated) {
    m_server.answer_next({502, "Server Error", {}});
    auto tokens = source(credentials(k_installation));
    const auto token = tokens.token();
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(*token, m_server.issued_tokens().at(0));
    EXPECT_EQ(m_server.requests(), (std::vector<std::string>{m_create, m_create}));
    EXPECT_EQ(m_sleeper.waits.size(), 1u) << "one wait between the two attempts, recorded";
    expect_all_requests_as_github_wants();
}

TEST_F(InstallationTokens, WhileGitHubIsDownARenewalFallsBackOnTheStillValidToken) {
    auto tokens = source(credentials(k_installation));
    const auto first = tokens.token();
    ASSERT_TRUE(first) << first.error().message;
    for (int attempt = 0; attempt < 8; ++attempt) // two renewals of 1 + 3 retries each
        m_server.answer_next({503, "Service Unavailable", {}});
    move_both_clocks(k_now + 1h - 4min);
    EXPECT_EQ(tokens.token().value_or(""), *first);
    move_both_clocks(k_now + 1h - 30s);
    const auto late = tokens.token();
    ASSERT_FALSE(late) << "less than a minute left: the failure is reported";
    EXPECT_EQ(late.error().code, ErrorCode::unavailable);
    EXPECT_THAT(late.error().message, HasSubstr("HTTP 503"));
    EXPECT_EQ(m_server.requests().size(), 9u);
}

TEST_F(InstallationTokens, AGarbledOrMissingExpiryCountsAsFiftyMinutes) {
    m_server.set_expires_at("soon");
    auto tokens = source(credentials(k_installation));
    ASSERT_TRUE(tokens.token());
    EXPECT_EQ(tokens.expires_at(), k_now + 50min);
    move_both_clocks(k_now + 44min);
    ASSERT_TRUE(tokens.token());
    EXPECT_EQ(m_server.requests().size(), 1u);

    m_server.set_expires_at(std::nullopt);
    move_both_clocks(k_now + 46min);
    ASSERT_TRUE(tokens.token());
    EXPECT_EQ(m_server.requests().size(), 2u);
    EXPECT_EQ(tokens.expires_at(), k_now + 46min + 50min);
}

TEST_F(InstallationTokens, AnUnreachableServerKeepsTheUrl) {
    AppCredentials unreachable = credentials(k_installation);
    unreachable.api_url = "http://127.0.0.1:1/"; // nothing listens on port 1
    auto tokens = source(unreachable);
    const auto token = tokens.token();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ErrorCode::unavailable);
    EXPECT_THAT(token.error().message,
                HasSubstr("http://127.0.0.1:1/app/installations/4242/access_tokens"));
    EXPECT_EQ(m_sleeper.waits.size(), 3u);
}

TEST_F(InstallationTokens, ARepositoryNotNamedOwnerSlashNameIsRefusedBeforeAnyRequest) {
    for (const std::string repository : {"", "shop", "acme/shop/extra", "acme/../x?y"}) {
        auto tokens = source(credentials(std::nullopt, repository));
        const auto token = tokens.token();
        ASSERT_FALSE(token) << repository;
        EXPECT_EQ(token.error().code, ErrorCode::invalid_input);
        EXPECT_THAT(token.error().message, HasSubstr("github.repository"));
    }
    EXPECT_THAT(m_server.requests(), testing::IsEmpty());
}

TEST_F(InstallationTokens, ABadKeyFailsBeforeAnyRequest) {
    AppCredentials bad = credentials();
    bad.private_key_pem = keys().ec;
    auto tokens = source(bad);
    const auto token = tokens.token();
    ASSERT_FALSE(token);
    EXPECT_THAT(token.error().message, HasSubstr("does not hold an RSA private key"));
    EXPECT_THAT(m_server.requests(), testing::IsEmpty());
}

} // namespace
} // namespace medic::github
