#include "analyzers/telemetry/redactor.hpp"
#include "bot/model/json.hpp"
#include "tests/telemetry/ingest_helpers.hpp"

#include <fstream>
#include <string>

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
    EXPECT_EQ(redacted(R"({"pin": 1234})"), R"({"pin":"<redacted>"})");
    EXPECT_EQ(redacted(R"({"k":"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\nx"})"),
              R"({"k":"<redacted-private-key>"})");
    // A value in quotes, escaped or not, is hidden and the quotes are kept (JSON stays JSON).
    EXPECT_EQ(redacted(R"(login password="hunter2" ok)"), R"(login password="<redacted>" ok)");
    EXPECT_EQ(redacted(R"({"q":"password=\"hunter2\""})"), R"({"q":"password=\"<redacted>\""})");
    EXPECT_EQ(redacted(R"({"u":"/cb?token=abc123\"}"})"), R"({"u":"/cb?token=<redacted>\"}"})");
    // A JSON body recorded as a string attribute: its members are escaped.
    EXPECT_EQ(redacted(R"({"body":"{\"password\":\"hunter2\",\"n\":1}"})"),
              R"({"body":"{\"password\":\"<redacted>\",\"n\":1}"})");
    EXPECT_EQ(redacted(R"({\\\"pin\\\": 12345})"), R"({\\\"pin\\\": \\\"<redacted>\\\"})");
    // A quote inside such a value is escaped once more: the whole value goes, not its start.
    EXPECT_EQ(redacted(R"({"body":"{\"password\":\"ab\\\"cd\",\"n\":1}"})"),
              R"({"body":"{\"password\":\"<redacted>\",\"n\":1}"})");
    EXPECT_EQ(redacted(R"({\\\"password\\\":\\\"ab\\\\\\\"cd\\\",\\\"n\\\":1})"),
              R"({\\\"password\\\":\\\"<redacted>\\\",\\\"n\\\":1})");
}

TEST(Redaction, HidesEveryShapeOfTheSecretCorpus) {
    std::ifstream corpus(test::source_root() / "tests/support/secret_corpus.tsv");
    ASSERT_TRUE(corpus);
    std::size_t shapes = 0;
    for (std::string line; std::getline(corpus, line);) {
        if (line.empty() || line.starts_with('#'))
            continue;
        auto const tab = line.find('\t');
        ASSERT_NE(tab, std::string::npos) << line;
        auto const secret = line.substr(tab + 1);
        auto const text = redacted(line.substr(0, tab));
        EXPECT_EQ(text.find(secret), std::string::npos) << "left in: " << text;
        ++shapes;
    }
    EXPECT_GE(shapes, 40u);
}

TEST(Redaction, LeavesOrdinaryTextAlone) {
    EXPECT_EQ(redacted("no shipping zone for country 'XZ' (order o-1234)"),
              "no shipping zone for country 'XZ' (order o-1234)");
    // C++ names and counts that merely contain a secret's word are not secrets.
    EXPECT_EQ(redacted("auth::TokenService::refresh"), "auth::TokenService::refresh");
    EXPECT_EQ(redacted("shop::ResetPassword::handle"), "shop::ResetPassword::handle");
    EXPECT_EQ(redacted(R"({"max_tokens": 1024, "signature_valid": true})"),
              R"({"max_tokens": 1024, "signature_valid": true})");
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
{"handler":"GET /reset?token=ghp_0123456789abcdefghijABCDEFGHIJklmn","duration_ms":1,"sequence":"s","run":"sk_live_0123456789abcdefghij","step":0}
{"handler":"h","duration_ms":1,"sequence":"s","run":"sk_live_0123456789abcdefghij","step":1}
)");
    auto const summary = test::ingest_ok({path});
    auto const everything = nlohmann::json(summary).dump();
    for (auto const* secret :
         {"bob@example.com", "s3cr3tvalue", "abcdefghijklmnopqrstuvwxyz",
          "sk-abcdefghijklmnopqrstu", "0123456789abcdefghijABCDEFGHIJklmn", "0123456789abcdefghij"})
        EXPECT_EQ(everything.find(secret), std::string::npos) << secret;
    EXPECT_GE(summary.ingest.redactions, 4u);
}

} // namespace
} // namespace medic
