#include "github/webhook_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace medic::github {

std::string webhook_signature(std::string_view secret, std::string_view body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &size);
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string signature = "sha256=";
    for (unsigned int i = 0; i < size; ++i) {
        signature += k_hex[digest[i] >> 4];
        signature += k_hex[digest[i] & 0xf];
    }
    return signature;
}

bool verify_webhook_signature(std::string_view secret, std::string_view body,
                              std::string_view header) {
    if (secret.empty())
        return false;
    std::string const expected = webhook_signature(secret, body);
    // The length is public (always 71); only the bytes are compared in constant time.
    return header.size() == expected.size() &&
           CRYPTO_memcmp(header.data(), expected.data(), expected.size()) == 0;
}

} // namespace medic::github
