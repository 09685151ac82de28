// LlmClient over libcurl against a local server speaking both provider protocols, which checks
// each request against the providers' documented shape.

#include "bot/http/curl_http_client.hpp"
#include "generators/llm/draft_answer.hpp"
#include "generators/llm/llm_client.hpp"
#include "generators/llm/openai_protocol.hpp"
#include "generators/llm/prompt.hpp"
#include "tests/support/llm_test_server.hpp"
#include "tests/support/recording_sleeper.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::llm {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* k_key = "sk-test-4f1c2a9e7b3d8f6a0c5e";
constexpr const char* k_diff = "--- a/src/search.cpp\n+++ b/src/search.cpp\n@@ -1,3 +1,3 @@\n"
                               " int a;\n-int b;\n+int c;\n int d;\n";

const http::CurlGlobal& curl() {
    static const http::CurlGlobal global; // once per test process, as the composition root does
    return global;
}

std::string good_answer() {
    return json{{"root_cause", "The regex is compiled on every call."},
                {"confidence", 0.8},
                {"diff", k_diff}}
        .dump();
}

LlmPrompt small_prompt() {
    return {"You fix C++.",
            {{"user", "Fix the slow handler."}},
            draft_answer_schema(),
            std::string(k_draft_schema_name)};
}

class LlmClientTest : public ::testing::Test {
protected:
    LlmClientTest() : m_http(curl()) {
        config.base_url = server.base_url();
        config.model = "test-model";
        config.api_key_env = "MEDIC_TEST_LLM_KEY";
        config.backoff_s = 0.5;
        config.timeout_s = 5;
    }

    LlmClient make(std::string provider = "openai") {
        config.provider = std::move(provider);
        LlmClientOptions options;
        options.environment = [](const std::string& name) -> std::optional<std::string> {
            if (name == "MEDIC_TEST_LLM_KEY")
                return k_key;
            return std::nullopt;
        };
        options.jitter_seed = 1;
        options.redact = redact;
        auto client = LlmClient::create(config, m_http, sleeper, std::move(options));
        if (!client)
            throw std::runtime_error(client.error().message);
        return std::move(*client);
    }

    json body_of(std::size_t request) const {
        return json::parse(server.requests().at(request).body);
    }

    test::LlmTestServer server{k_key};
    test::RecordingSleeper sleeper;
    LlmConfig config;
    RedactFunction redact;

private:
    http::CurlHttpClient m_http;
};

TEST_F(LlmClientTest, OpenAiAnswerThroughChatCompletions) {
    server.enqueue({200, {}, test::openai_answer(good_answer(), 1200, 300), {}});
    LlmClient client = make("openai");
    const auto reply = client.complete(small_prompt());
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_TRUE(server.violations().empty()) << server.violations().front();
    EXPECT_EQ(reply->input_tokens, 1200u);
    EXPECT_EQ(reply->output_tokens, 300u);
    EXPECT_EQ(reply->model, "gpt-4o-mini-2024-07-18");
    EXPECT_EQ(client.tokens_spent(), 1500u);
    const auto answer = parse_draft_answer(reply->text);
    ASSERT_TRUE(answer.has_value()) << answer.error().message;
    EXPECT_DOUBLE_EQ(answer->confidence, 0.8);
    EXPECT_EQ(answer->diff, k_diff);

    const auto received = server.requests().at(0);
    EXPECT_EQ(received.path, "/v1/chat/completions");
    EXPECT_EQ(received.headers.at("authorization"), std::string("Bearer ") + k_key);
    const json body = body_of(0);
    EXPECT_EQ(body["model"], "test-model");
    EXPECT_EQ(body["messages"][0], json({{"role", "system"}, {"content", "You fix C++."}}));
    EXPECT_EQ(body["messages"][1]["role"], "user");
    EXPECT_EQ(body["max_tokens"], config.max_output_tokens); // a compatible server's field
    EXPECT_EQ(body["response_format"]["json_schema"]["name"], "medic_patch_draft");
    EXPECT_EQ(body["response_format"]["json_schema"]["schema"], draft_answer_schema());
}

TEST_F(LlmClientTest, AnthropicAnswerThroughAForcedTool) {
    const json input = json::parse(good_answer());
    server.enqueue({200, {}, test::anthropic_answer(input, 900, 250), {}});
    LlmClient client = make("anthropic");
    const auto reply = client.complete(small_prompt());
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_TRUE(server.violations().empty()) << server.violations().front();
    EXPECT_EQ(json::parse(reply->text), input);
    EXPECT_EQ(reply->input_tokens, 900u);
    EXPECT_EQ(reply->output_tokens, 250u);
    EXPECT_EQ(client.tokens_spent(), 1150u);

    const auto received = server.requests().at(0);
    EXPECT_EQ(received.path, "/v1/messages");
    EXPECT_EQ(received.headers.at("x-api-key"), k_key);
    EXPECT_EQ(received.headers.at("anthropic-version"), "2023-06-01");
    EXPECT_FALSE(received.headers.contains("authorization"));
    const json body = body_of(0);
    EXPECT_EQ(body["system"], "You fix C++.");
    EXPECT_EQ(body["max_tokens"], config.max_output_tokens);
    EXPECT_EQ(body["tool_choice"], json({{"type", "tool"}, {"name", "medic_patch_draft"}}));
    EXPECT_EQ(body["tools"][0]["input_schema"], draft_answer_schema());
}

TEST_F(LlmClientTest, WaitsWhatRetryAfterSaysAfterA429) {
    server.enqueue({429,
                    {{"Retry-After", "7"}},
                    test::openai_error("rate_limit_error", "Rate limit reached"),
                    {}});
    server.enqueue({200, {}, test::openai_answer(good_answer(), 10, 5), {}});
    LlmClient client = make("openai");
    const auto reply = client.complete(small_prompt());
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(sleeper.waits, std::vector<std::chrono::milliseconds>{7000ms});
    EXPECT_EQ(server.requests().size(), 2u);
    EXPECT_EQ(client.exchanges().at(0)["attempts"], 2);
    EXPECT_EQ(client.exchanges().at(0)["status"], 200);
}

TEST_F(LlmClientTest, RetriesAnOverloadedAnthropicWithBackoff) {
    server.enqueue({529, {}, test::anthropic_error("overloaded_error", "Overloaded"), {}});
    server.enqueue({200, {}, test::anthropic_answer(json::parse(good_answer()), 10, 5), {}});
    LlmClient client = make("anthropic");
    const auto reply = client.complete(small_prompt());
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    ASSERT_EQ(sleeper.waits.size(), 1u);
    EXPECT_GE(sleeper.waits[0], 250ms); // half of llm.backoff_s ...
    EXPECT_LE(sleeper.waits[0], 500ms); // ... up to all of it
}

TEST_F(LlmClientTest, ReportsExhaustedRetriesClearly) {
    config.max_retries = 2;
    for (int i = 0; i < 3; ++i)
        server.enqueue({529, {}, test::anthropic_error("overloaded_error", "Overloaded"), {}});
    LlmClient client = make("anthropic");
    const auto reply = client.complete(small_prompt());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().code, ErrorCode::unavailable);
    EXPECT_NE(reply.error().message.find("HTTP 529 after 3 attempts"), std::string::npos)
        << reply.error().message;
    EXPECT_NE(reply.error().message.find("overloaded_error: Overloaded"), std::string::npos)
        << reply.error().message;
    EXPECT_EQ(server.requests().size(), 3u);
    EXPECT_EQ(sleeper.waits.size(), 2u);
}

TEST_F(LlmClientTest, DoesNotRetryABadRequest) {
    server.enqueue({400, {}, test::openai_error("invalid_request_error", "Invalid schema"), {}});
    LlmClient client = make("openai");
    const auto reply = client.complete(small_prompt());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().code, ErrorCode::invalid_input);
    EXPECT_NE(reply.error().message.find("invalid_request_error: Invalid schema"),
              std::string::npos)
        << reply.error().message;
    EXPECT_EQ(server.requests().size(), 1u);
    EXPECT_TRUE(sleeper.waits.empty());
}

TEST_F(LlmClientTest, ATimeoutIsUnavailable) {
    config.timeout_s = 0.3;
    config.max_retries = 0;
    server.enqueue({200, {}, test::openai_answer(good_answer(), 1, 1), 2000ms});
    LlmClient client = make("openai");
    const auto reply = client.complete(small_prompt());
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().code, ErrorCode::unavailable);
    EXPECT_NE(reply.error().message.find(server.base_url() + "/chat/completions"),
              std::string::npos)
        << reply.error().message;
    EXPECT_TRUE(client.exchanges().at(0)["status"].is_null());
}

TEST_F(LlmClientTest, ANonJsonAnswerIsAParseErrorToFeedBack) {
    server.enqueue(
        {200, {}, test::openai_answer("Sure! Move the regex out of the loop.", 50, 9), {}});
    LlmClient client = make("openai");
    const auto reply = client.complete(small_prompt());
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    const auto answer = parse_draft_answer(reply->text);
    ASSERT_FALSE(answer.has_value());
    EXPECT_EQ(answer.error().code, ErrorCode::invalid_input);
    EXPECT_NE(answer.error().message.find("not JSON"), std::string::npos);
}

TEST_F(LlmClientTest, ACutOffAnswerSaysWhichKeyToRaise) {
    server.enqueue(
        {200, {}, test::openai_answer("{\"root_cause\": \"The", 50, 4096, "length"), {}});
    LlmClient client = make("openai");
    const auto reply = client.complete(small_prompt());
    ASSERT_FALSE(reply.has_value());
    EXPECT_NE(reply.error().message.find("llm.max_output_tokens"), std::string::npos);
    EXPECT_EQ(client.tokens_spent(), 4146u); // paid for even though unusable
}

TEST_F(LlmClientTest, TheTokenBudgetStopsFurtherCalls) {
    config.max_tokens_per_run = 1000;
    server.enqueue({200, {}, test::openai_answer(good_answer(), 800, 300), {}});
    server.enqueue({200, {}, test::openai_answer(good_answer(), 800, 300), {}});
    LlmClient client = make("openai");
    ASSERT_TRUE(client.complete(small_prompt()).has_value());
    const auto refused = client.complete(small_prompt());
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
    EXPECT_NE(refused.error().message.find("llm.max_tokens_per_run"), std::string::npos)
        << refused.error().message;
    EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(LlmClientTest, TheKeyNeverAppearsInTheExchangeRecord) {
    const std::string echoed = std::string("Incorrect API key provided: ") + k_key + ".";
    server.enqueue({200, {}, test::openai_answer(good_answer(), 10, 5), {}});
    server.enqueue({401, {}, test::openai_error("invalid_request_error", echoed), {}});
    LlmClient client = make("openai");
    ASSERT_TRUE(client.complete(small_prompt()).has_value());
    const auto rejected = client.complete(small_prompt());
    ASSERT_FALSE(rejected.has_value());
    EXPECT_EQ(rejected.error().message.find(k_key), std::string::npos) << rejected.error().message;
    EXPECT_NE(rejected.error().message.find("MEDIC_TEST_LLM_KEY"), std::string::npos);

    const std::string record = client.exchanges().dump();
    ASSERT_EQ(client.exchanges().size(), 2u);
    EXPECT_EQ(record.find(k_key), std::string::npos) << record;
    EXPECT_EQ(record.find("uthorization"), std::string::npos);
    EXPECT_EQ(record.find("Bearer"), std::string::npos);
    EXPECT_NE(record.find("[REDACTED]"), std::string::npos); // the echoed key, hidden
    EXPECT_EQ(client.exchanges()[0]["request"]["model"], "test-model");
}

TEST_F(LlmClientTest, AMissingKeyVariableIsNamed) {
    config.api_key_env = "MEDIC_TEST_NO_SUCH_VARIABLE";
    LlmClientOptions options;
    options.environment = [](const std::string&) { return std::optional<std::string>(); };
    http::CurlHttpClient http(curl());
    const auto client = LlmClient::create(config, http, sleeper, std::move(options));
    ASSERT_FALSE(client.has_value());
    EXPECT_EQ(client.error().code, ErrorCode::invalid_input);
    EXPECT_NE(client.error().message.find("MEDIC_TEST_NO_SUCH_VARIABLE"), std::string::npos);
}

TEST_F(LlmClientTest, ALocalServerWithoutKeyGetsNoKeyHeader) {
    test::LlmTestServer keyless;
    keyless.enqueue({200, {}, test::openai_answer(good_answer(), 10, 5), {}});
    config.base_url = keyless.base_url();
    config.api_key_env = "";
    http::CurlHttpClient http(curl());
    auto client = LlmClient::create(config, http, sleeper);
    ASSERT_TRUE(client.has_value()) << client.error().message;
    ASSERT_TRUE(client->complete(small_prompt()).has_value());
    EXPECT_TRUE(keyless.violations().empty()) << keyless.violations().front();
}

TEST_F(LlmClientTest, APlantedSecretInTelemetryNeverLeavesTheMachine) {
    const std::string secret = "hunter2-9f8e7d6c5b4a";
    DraftRequest request;
    request.anomaly.id = "10ddd07e9a70bba1";
    request.anomaly.handler = "shop::Search::handle";
    request.anomaly.summary = "shop::Search::handle is slow";
    request.allowed_paths = {"src/search.cpp"};
    request.untrusted_text = {"login failed for bob password=" + secret};
    redact = [&secret](std::string_view text) {
        std::string copy(text);
        for (auto at = copy.find(secret); at != std::string::npos; at = copy.find(secret))
            copy.replace(at, secret.size(), "<redacted>");
        return copy;
    };
    const auto prompt = render_prompt(request, test::source_root() / "templates", {});
    ASSERT_TRUE(prompt.has_value()) << prompt.error().message;
    ASSERT_NE(prompt->messages.at(0).content.find(secret), std::string::npos); // planted

    server.enqueue({200, {}, test::openai_answer(good_answer(), 10, 5), {}});
    LlmClient client = make("openai");
    ASSERT_TRUE(client.complete(*prompt).has_value());
    const auto received = server.requests();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].body.find(secret), std::string::npos);
    EXPECT_NE(received[0].body.find("password=<redacted>"), std::string::npos);
    EXPECT_EQ(client.exchanges().dump().find(secret), std::string::npos);
}

TEST(OpenAiProtocol, OpenAiItselfGetsTheCurrentOutputLimitField) {
    EXPECT_EQ(output_limit_field("https://api.openai.com/v1"), "max_completion_tokens");
    EXPECT_EQ(output_limit_field("http://127.0.0.1:8080/v1"), "max_tokens");
    EXPECT_EQ(output_limit_field("http://127.0.0.1:11434/v1"), "max_tokens");
    const auto request = OpenAiProtocol().build_request(
        small_prompt(), {"https://api.openai.com/v1", "gpt-4o-mini", "k", 512, 0, 10});
    const json body = json::parse(request.body);
    EXPECT_EQ(body["max_completion_tokens"], 512);
    EXPECT_FALSE(body.contains("max_tokens"));
    EXPECT_TRUE(test::check_openai_body(body).empty());
}

TEST(OpenAiProtocol, ARefusalIsReportedAsSuch) {
    json answer = json::parse(test::openai_answer("", 10, 5));
    answer["choices"][0]["message"]["content"] = nullptr;
    answer["choices"][0]["message"]["refusal"] = "I can't help with that.";
    const auto reply = OpenAiProtocol().read_reply(answer.dump());
    ASSERT_FALSE(reply.has_value());
    EXPECT_NE(reply.error().message.find("refused"), std::string::npos);
    EXPECT_NE(reply.error().message.find("I can't help with that."), std::string::npos);
}

} // namespace
} // namespace medic::llm
