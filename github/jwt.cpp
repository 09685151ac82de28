#include "github/jwt.hpp"

#include "bot/model/result.hpp"
#include "github/openssl_handles.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <string>

namespace medic::github {
namespace {

constexpr std::string_view k_not_an_rsa_key =
    "github.private_key does not hold an RSA private key in PEM form";
constexpr std::string_view k_key_advice =
    "download a new private key from the app's settings page and give the whole .pem file, "
    "BEGIN and END lines included";

// OpenSSL's reason for the last failure, and a clean error queue for whoever calls it next.
std::string openssl_reason() {
    const unsigned long code = ERR_peek_last_error();
    const char* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
    ERR_clear_error();
    return reason == nullptr ? "unknown reason" : reason;
}

Error bad_key(std::string_view detail) {
    return Error{ErrorCode::invalid_input, std::string(k_not_an_rsa_key) + " (" +
                                               std::string(detail) +
                                               "): " + std::string(k_key_advice)};
}

// OpenSSL cannot tell a person what is wrong with a key file; its shape usually can.
std::string why_unreadable(std::string_view pem) {
    if (pem.find("-----BEGIN ") == std::string_view::npos)
        return "there is no -----BEGIN line: give the key file's content, not its name";
    if (pem.find("ENCRYPTED") != std::string_view::npos)
        return "it is encrypted with a passphrase; give the key GitHub generated, unencrypted";
    if (pem.find("PRIVATE KEY-----") == std::string_view::npos)
        return "it is not a private key";
    return "OpenSSL cannot read it: it may be cut short or damaged";
}

// Keys passed through environment variables or YAML often arrive with "\n" spelled out.
std::string with_real_newlines(std::string_view pem) {
    if (pem.find('\n') != std::string_view::npos)
        return std::string(pem);
    std::string text;
    text.reserve(pem.size());
    for (std::size_t i = 0; i < pem.size(); ++i) {
        const bool escaped = pem[i] == '\\' && i + 1 < pem.size() && pem[i + 1] == 'n';
        text += escaped ? '\n' : pem[i];
        i += escaped ? 1 : 0;
    }
    return text;
}

// An encrypted key must fail here, never block on a terminal asking for a passphrase.
int refuse_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*user*/) {
    return -1;
}

Result<ssl::Pkey> read_rsa_private_key(std::string_view private_key_pem) {
    const std::string pem = with_real_newlines(private_key_pem);
    ssl::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio)
        return fail(ErrorCode::internal, "OpenSSL could not allocate a memory buffer for the key");
    ssl::Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr));
    if (!key) {
        ERR_clear_error(); // OpenSSL's reasons ("unsupported") would not help a person here
        return std::unexpected(bad_key(why_unreadable(pem)));
    }
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
        const char* type = EVP_PKEY_get0_type_name(key.get());
        return std::unexpected(bad_key(std::string("it is an ") + (type ? type : "unknown") +
                                       " key, but GitHub App keys are RSA"));
    }
    return key;
}

Result<std::string> sign_rs256(EVP_PKEY* key, std::string_view input) {
    ssl::MdCtx context(EVP_MD_CTX_new());
    std::string signature(static_cast<std::size_t>(EVP_PKEY_get_size(key)), '\0');
    std::size_t size = signature.size();
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                       data, input.size()) != 1)
        return fail(ErrorCode::internal,
                    "OpenSSL could not sign the GitHub App JWT: " + openssl_reason());
    signature.resize(size);
    return signature;
}

// GitHub takes the numeric app id as a number and the client id ("Iv23…") as a string.
nlohmann::json issuer(std::string_view app_id) {
    std::int64_t number = 0;
    const bool digits =
        !app_id.empty() && std::ranges::all_of(app_id, [](char c) { return c >= '0' && c <= '9'; });
    const auto* end = app_id.data() + app_id.size();
    if (digits && std::from_chars(app_id.data(), end, number).ec == std::errc{})
        return number;
    return std::string(app_id);
}

std::int64_t unix_seconds(std::chrono::system_clock::time_point at) {
    return std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count();
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
    constexpr std::string_view k_alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::uint32_t bits = 0;
    int pending = 0;
    for (const char c : bytes) {
        bits = (bits << 8) | static_cast<unsigned char>(c);
        pending += 8;
        for (; pending >= 6; pending -= 6)
            out += k_alphabet[(bits >> (pending - 6)) & 0x3f];
    }
    if (pending > 0)
        out += k_alphabet[(bits << (6 - pending)) & 0x3f];
    return out;
}

Result<std::string> make_app_jwt(std::string_view app_id, std::string_view private_key_pem,
                                 std::chrono::system_clock::time_point now) {
    if (app_id.empty())
        return fail(ErrorCode::invalid_input,
                    "github.app_id is empty: copy the App ID (or Client ID) from the app's "
                    "settings page");
    MEDIC_TRY(key, read_rsa_private_key(private_key_pem));
    const nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
    const nlohmann::json claims = {{"iat", unix_seconds(now - k_jwt_backdate)},
                                   {"exp", unix_seconds(now + k_jwt_lifetime)},
                                   {"iss", issuer(app_id)}};
    const std::string signing_input =
        base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
    MEDIC_TRY(signature, sign_rs256(key->get(), signing_input));
    return signing_input + "." + base64url_encode(*signature);
}

} // namespace medic::github
