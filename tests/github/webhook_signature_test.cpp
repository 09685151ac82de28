// GitHub's webhook signature, checked against the test values GitHub's "Validating webhook
// deliveries" documentation publishes, and refused on any change to body, secret or header.

#include "github/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace medic::github {
namespace {

constexpr std::string_view k_secret = "It's a Secret to Everybody";
constexpr std::string_view k_body = "Hello, World!";
constexpr std::string_view k_documented =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(WebhookSignature, MatchesGitHubsDocumentedTestValues) {
    EXPECT_EQ(webhook_signature(k_secret, k_body), k_documented);
    EXPECT_TRUE(verify_webhook_signature(k_secret, k_body, k_documented));
}

TEST(WebhookSignature, RefusesAnyChange) {
    EXPECT_FALSE(verify_webhook_signature(k_secret, "Hello, World?", k_documented));
    EXPECT_FALSE(verify_webhook_signature("It's a secret to everybody", k_body, k_documented));
    std::string flipped(k_documented);
    flipped.back() = '6';
    EXPECT_FALSE(verify_webhook_signature(k_secret, k_body, flipped));
    EXPECT_FALSE(verify_webhook_signature(k_secret, k_body, k_documented.substr(7)));
    EXPECT_FALSE(verify_webhook_signature(k_secret, k_body, std::string(k_documented) + "0"));
    EXPECT_FALSE(verify_webhook_signature(k_secret, k_body, ""));
    std::string upper(k_documented);
    for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_FALSE(verify_webhook_signature(k_secret, k_body, upper)); // GitHub sends lowercase
}

TEST(WebhookSignature, AnEmptySecretVerifiesNothing) {
    EXPECT_FALSE(verify_webhook_signature("", k_body, webhook_signature("", k_body)));
}

TEST(WebhookSignature, SignsTheRawBytes) {
    std::string const body("{\"a\":1}\n\0x", 10);
    EXPECT_NE(webhook_signature(k_secret, body), webhook_signature(k_secret, "{\"a\":1}"));
    EXPECT_TRUE(verify_webhook_signature(k_secret, body, webhook_signature(k_secret, body)));
}

} // namespace
} // namespace medic::github
