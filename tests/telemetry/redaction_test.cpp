#include "analyzers/telemetry/redactor.hpp"
#include "bot/model/json.hpp"
#include "tests/telemetry/ingest_helpers.hpp"

namespace medic {
namespace {

std::string redacted(std::string text, const std::vector<std::string>& extra = {}) {
    auto redactor = telemetry::Redactor::create(extra);
    EXPECT_TRUE(redactor);
    redactor->redact(text);
    return text;
}

TEST(Redaction, HidesTokensKeysPasswordsAndEmails) {
    EXPECT_EQ(redacted("Authorization: Bearer abcdef0123456789abcdef"),
              "Authorization: Bearer <redacted>");
    EXPECT_EQ(redacted("push with ghp_0123456789abcdefghijABCDEFGHIJ"), "push with <redacted>");
    EXPECT_EQ(redacted("key sk-ant-api03-abcdefghijklmnop"), "key <redacted>");
    EXPECT_EQ(redacted("AKIAIOSFODNN7EXAMPLE used"), "<redacted> used");
    EXPECT_EQ(redacted("login password=hunter2 ok"), "login password=<redacted> ok");
    EXPECT_EQ(redacted("mail alice.smith+x@example.co.uk now"), "mail <email> now");
    EXPECT_EQ(redacted(R"({"api_key":"abc\"def","n":1})"), R"({"api_key":"<redacted>","n":1})");
    EXPECT_EQ(redacted("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"), "jwt <redacted>");
}

TEST(Redaction, LeavesOrdinaryTextAlone) {
    EXPECT_EQ(redacted("no shipping zone for country 'XZ' (order o-1234)"),
              "no shipping zone for country 'XZ' (order o-1234)");
    EXPECT_EQ(redacted("token expired for session 42"), "token expired for session 42");
}

TEST(Redaction, ConfiguredPatternsApplyAndBadOnesAreReported) {
    EXPECT_EQ(redacted("card 4111-1111-1111-1111", {R"(\d{4}(-\d{4}){3})"}), "card <redacted>");
    auto const bad = telemetry::Redactor::create({"(unclosed"});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("telemetry.redact"), std::string::npos);
}

TEST(Redaction, NoSecretSurvivesIngest) {
    test::TempDir dir;
    auto const path = dir.write(
        "events.jsonl",
        R"({"handler":"h","duration_ms":1,"status":"error","error":"charge failed for bob@example.com with token=s3cr3tvalue","attrs":{"authorization":"Bearer abcdefghijklmnopqrstuvwxyz","email":"bob@example.com"}}
{"level":"error","handler":"h","message":"retry with sk-abcdefghijklmnopqrstu failed"}
)");
    auto const summary = test::ingest_ok({path});
    auto const everything = nlohmann::json(summary).dump();
    for (auto const* secret : {"bob@example.com", "s3cr3tvalue", "abcdefghijklmnopqrstuvwxyz",
                               "sk-abcdefghijklmnopqrstu"})
        EXPECT_EQ(everything.find(secret), std::string::npos) << secret;
    EXPECT_GE(summary.ingest.redactions, 4u);
}

} // namespace
} // namespace medic
