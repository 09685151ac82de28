#include "tests/support/llm_test_server.hpp"

#include <httplib.h>
#include <optional>
#include <stdexcept>

namespace medic::test {

using nlohmann::json;

namespace {

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// The header checks both providers document: path, auth, version, content type.
std::vector<std::string> check_headers(const std::string& protocol, const ReceivedRequest& request,
                                       const std::string& expected_key) {
    std::vector<std::string> problems;
    auto header = [&](const std::string& name) {
        const auto found = request.headers.find(name);
        return found == request.headers.end() ? std::optional<std::string>() : found->second;
    };
    if (request.method != "POST")
        problems.push_back("method must be POST, not " + request.method);
    if (!header("content-type").value_or("").starts_with("application/json"))
        problems.push_back("content-type must be application/json");
    const std::string key_header = protocol == "openai" ? "authorization" : "x-api-key";
    const std::string expected = protocol == "openai" ? "Bearer " + expected_key : expected_key;
    if (expected_key.empty() && header(key_header))
        problems.push_back(key_header + " sent although no key is configured");
    if (!expected_key.empty() && header(key_header) != expected)
        problems.push_back(key_header + " must be \"" + expected + "\"");
    if (protocol == "anthropic" && header("anthropic-version") != "2023-06-01")
        problems.push_back("anthropic-version must be 2023-06-01");
    return problems;
}

std::string error_body(const std::string& protocol, const std::string& message) {
    return protocol == "openai" ? openai_error("invalid_request_error", message)
                                : anthropic_error("invalid_request_error", message);
}

} // namespace

LlmTestServer::LlmTestServer(std::string expected_key)
    : m_expected_key(std::move(expected_key)), m_server(std::make_unique<httplib::Server>()) {
    m_server->Post("/v1/chat/completions", [this](const auto& request, auto& response) {
        handle("openai", request, response);
    });
    m_server->Post("/v1/messages", [this](const auto& request, auto& response) {
        handle("anthropic", request, response);
    });
    auto raw = [this](const auto& request, auto& response) { handle("raw", request, response); };
    m_server->Get("/raw", raw);
    m_server->Post("/raw", raw);
    m_server->Put("/raw", raw);
    m_port = m_server->bind_to_any_port("127.0.0.1");
    if (m_port <= 0)
        throw std::runtime_error("LlmTestServer could not bind 127.0.0.1");
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    while (!m_server->is_running())
        std::this_thread::yield();
}

LlmTestServer::~LlmTestServer() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_stopping_changed.notify_all();
    m_server->stop();
    m_thread.join();
}

std::string LlmTestServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/v1";
}

void LlmTestServer::enqueue(ScriptedReply reply) {
    std::lock_guard lock(m_mutex);
    m_script.push_back(std::move(reply));
}

std::vector<ReceivedRequest> LlmTestServer::requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
}

std::vector<std::string> LlmTestServer::violations() const {
    std::lock_guard lock(m_mutex);
    return m_violations;
}

void LlmTestServer::handle(const std::string& protocol, const httplib::Request& request,
                           httplib::Response& response) {
    ReceivedRequest received{protocol, request.method, request.path, {}, request.body};
    for (const auto& [name, value] : request.headers)
        received.headers.emplace(lower(name), value);
    std::vector<std::string> problems;
    if (protocol != "raw") {
        problems = check_headers(protocol, received, m_expected_key);
        const json body = json::parse(request.body, nullptr, false);
        for (auto& problem :
             protocol == "openai" ? check_openai_body(body) : check_anthropic_body(body))
            problems.push_back(std::move(problem));
    }
    {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(std::move(received));
    }
    const ScriptedReply reply = next_reply(problems, protocol);
    if (reply.delay.count() > 0) {
        std::unique_lock lock(m_mutex);
        m_stopping_changed.wait_for(lock, reply.delay, [this] { return m_stopping; });
    }
    response.status = reply.status;
    for (const auto& [name, value] : reply.headers)
        response.set_header(name, value);
    response.set_content(reply.body, "application/json");
}

// A malformed request gets the provider's 400, and the test sees why in violations().
ScriptedReply LlmTestServer::next_reply(const std::vector<std::string>& problems,
                                        const std::string& protocol) {
    std::lock_guard lock(m_mutex);
    for (const auto& problem : problems)
        m_violations.push_back(protocol + ": " + problem);
    if (!problems.empty())
        return {400, {}, error_body(protocol, problems.front()), {}};
    if (m_script.empty()) {
        m_violations.push_back(protocol + ": a request arrived after the script ran out");
        return {500, {}, error_body(protocol, "no scripted reply left"), {}};
    }
    ScriptedReply reply = std::move(m_script.front());
    m_script.pop_front();
    return reply;
}

std::string openai_answer(std::string_view content, unsigned prompt_tokens,
                          unsigned completion_tokens, std::string_view finish_reason) {
    const json message = {{"role", "assistant"}, {"content", content}, {"refusal", nullptr}};
    return json{
        {"id", "chatcmpl-AbC123dEf456GhI789"},
        {"object", "chat.completion"},
        {"created", 1732000000},
        {"model", "gpt-4o-mini-2024-07-18"},
        {"choices", json::array({{{"index", 0},
                                  {"message", message},
                                  {"logprobs", nullptr},
                                  {"finish_reason", finish_reason}}})},
        {"usage",
         {{"prompt_tokens", prompt_tokens},
          {"completion_tokens", completion_tokens},
          {"total_tokens", prompt_tokens + completion_tokens},
          {"prompt_tokens_details", {{"cached_tokens", 0}, {"audio_tokens", 0}}},
          {"completion_tokens_details", {{"reasoning_tokens", 0}, {"audio_tokens", 0}}}}},
        {"system_fingerprint", "fp_0ba0d124f1"},
    }
        .dump();
}

std::string openai_error(std::string_view type, std::string_view message) {
    return json{
        {"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", nullptr}}}}
        .dump();
}

std::string anthropic_answer(const json& input, unsigned input_tokens, unsigned output_tokens,
                             std::string_view tool_name) {
    return json{
        {"id", "msg_01XFDUDYJgAACzvnptvVoYEL"},
        {"type", "message"},
        {"role", "assistant"},
        {"model", "claude-sonnet-4-5-20250929"},
        {"content", json::array({{{"type", "tool_use"},
                                  {"id", "toolu_01A09q90qw90lq917835lq9"},
                                  {"name", tool_name},
                                  {"input", input}}})},
        {"stop_reason", "tool_use"},
        {"stop_sequence", nullptr},
        {"usage",
         {{"input_tokens", input_tokens},
          {"output_tokens", output_tokens},
          {"cache_creation_input_tokens", 0},
          {"cache_read_input_tokens", 0}}},
    }
        .dump();
}

std::string anthropic_error(std::string_view type, std::string_view message) {
    return json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}}.dump();
}

} // namespace medic::test
