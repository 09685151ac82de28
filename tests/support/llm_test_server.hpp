#pragma once
// LlmTestServer: a real HTTP server on 127.0.0.1 (port 0) that speaks OpenAI Chat Completions
// (POST /v1/chat/completions) and Anthropic Messages (POST /v1/messages), checks every request
// against the shape the providers document, and answers from a per-test script. GET/POST/PUT
// /raw answers from the same script without protocol checks, for transport tests.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace medic::test {

/// One scripted answer: what to send back, and how long to wait first.
struct ScriptedReply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers; ///< e.g. {"Retry-After", "7"}.
    std::string body;
    std::chrono::milliseconds delay{0}; ///< Cut short when the server stops.
};

/// A request as the server received it.
struct ReceivedRequest {
    std::string protocol; ///< "openai", "anthropic" or "raw", from the path.
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers; ///< Names lower-cased.
    std::string body;
};

/// The server; stops and joins in its destructor.
class LlmTestServer {
public:
    /// Requests must carry `expected_key` (Bearer / x-api-key); empty: no key header at all.
    explicit LlmTestServer(std::string expected_key = "");
    ~LlmTestServer();
    LlmTestServer(const LlmTestServer&) = delete;
    LlmTestServer& operator=(const LlmTestServer&) = delete;

    /// "http://127.0.0.1:<port>/v1": llm.base_url for either protocol.
    [[nodiscard]] std::string base_url() const;
    /// Queues the answer to the next request (first in, first out).
    void enqueue(ScriptedReply reply);
    /// Every request received so far.
    [[nodiscard]] std::vector<ReceivedRequest> requests() const;
    /// Every way a request deviated from the documented protocol (empty when all were right).
    [[nodiscard]] std::vector<std::string> violations() const;

private:
    void handle(const std::string& protocol, const httplib::Request& request,
                httplib::Response& response);
    ScriptedReply next_reply(const std::vector<std::string>& problems, const std::string& protocol);

    std::string m_expected_key;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;
    mutable std::mutex m_mutex;
    std::condition_variable m_stopping_changed;
    bool m_stopping = false;
    std::deque<ScriptedReply> m_script;
    std::vector<ReceivedRequest> m_requests;
    std::vector<std::string> m_violations;
};

/// Problems with an OpenAI Chat Completions request body (empty: as documented).
std::vector<std::string> check_openai_body(const nlohmann::json& body);
/// Problems with an Anthropic Messages request body (empty: as documented).
std::vector<std::string> check_anthropic_body(const nlohmann::json& body);

/// A chat.completion body as OpenAI returns it, answering `content`.
std::string openai_answer(std::string_view content, unsigned prompt_tokens,
                          unsigned completion_tokens, std::string_view finish_reason = "stop");
/// An OpenAI error body ({"error": {message, type, param, code}}).
std::string openai_error(std::string_view type, std::string_view message);
/// A Messages body as Anthropic returns it for a forced tool call with `input`.
std::string anthropic_answer(const nlohmann::json& input, unsigned input_tokens,
                             unsigned output_tokens,
                             std::string_view tool_name = "medic_patch_draft");
/// An Anthropic error body ({"type": "error", "error": {type, message}}).
std::string anthropic_error(std::string_view type, std::string_view message);

} // namespace medic::test
