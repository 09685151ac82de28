// CurlHttpClient against a real local server: what is sent, what comes back, and how transport
// failures are reported.

#include "bot/http/curl_http_client.hpp"
#include "tests/support/llm_test_server.hpp"

#include <gtest/gtest.h>

namespace medic::http {
namespace {

using namespace std::chrono_literals;

const CurlGlobal& curl() {
    static const CurlGlobal global; // once per test process, as the composition root does
    return global;
}

std::string raw_url(const test::LlmTestServer& server) {
    std::string url = server.base_url();
    return url.substr(0, url.size() - 3) + "/raw"; // drop "/v1"
}

TEST(CurlHttpClient, SendsMethodHeadersAndBodyAndReadsTheResponse) {
    test::LlmTestServer server;
    server.enqueue({201, {{"Retry-After", "7"}, {"X-Request-Id", "req_1"}}, "{\"ok\":true}", {}});
    CurlHttpClient client(curl());
    const HttpRequest request{
        "PUT", raw_url(server), {{"X-Medic", "yes"}, {"Content-Type", "text/plain"}}, "hello", 5};
    const auto response = client.send(request);
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, 201);
    EXPECT_EQ(response->body, "{\"ok\":true}");
    EXPECT_EQ(response->header("retry-after"), "7");
    EXPECT_EQ(response->header("X-REQUEST-ID"), "req_1");
    EXPECT_FALSE(response->header("X-Missing"));

    const auto received = server.requests();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].method, "PUT");
    EXPECT_EQ(received[0].body, "hello");
    EXPECT_EQ(received[0].headers.at("x-medic"), "yes");
    EXPECT_FALSE(received[0].headers.contains("expect"));
}

TEST(CurlHttpClient, AGetHasNoBody) {
    test::LlmTestServer server;
    server.enqueue({200, {}, "pong", {}});
    CurlHttpClient client(curl());
    const auto response = client.send({"GET", raw_url(server), {}, "", 5});
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->body, "pong");
    EXPECT_EQ(server.requests().at(0).method, "GET");
}

TEST(CurlHttpClient, ATimeoutIsUnavailableAndNamesTheUrl) {
    test::LlmTestServer server;
    server.enqueue({200, {}, "late", 2000ms});
    CurlHttpClient client(curl());
    const auto started = std::chrono::steady_clock::now();
    const auto response = client.send({"POST", raw_url(server), {}, "x", 0.3});
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::unavailable);
    EXPECT_NE(response.error().message.find(raw_url(server)), std::string::npos)
        << response.error().message;
    EXPECT_NE(response.error().message.find("imeout"), std::string::npos)
        << response.error().message;
    EXPECT_LT(took, 1500ms);
}

TEST(CurlHttpClient, ARefusedConnectionIsUnavailable) {
    std::string url;
    {
        test::LlmTestServer gone;
        url = raw_url(gone);
    }
    CurlHttpClient client(curl());
    const auto response = client.send({"GET", url, {}, "", 5});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::unavailable);
    EXPECT_NE(response.error().message.find(url), std::string::npos) << response.error().message;
}

TEST(CurlHttpClient, AnUnsupportedSchemeIsInvalidInput) {
    CurlHttpClient client(curl());
    const auto response = client.send({"GET", "gopher://127.0.0.1/x", {}, "", 5});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::invalid_input) << response.error().message;
}

} // namespace
} // namespace medic::http
