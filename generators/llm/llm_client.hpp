#pragma once
// LlmClient: the LlmProvider Medic uses in production — one ChatProtocol, retries with backoff,
// a token budget per run, and a redacted record of every exchange.

#include "bot/model/clock.hpp"
#include "bot/model/config.hpp"
#include "bot/model/http.hpp"
#include "generators/llm/chat_protocol.hpp"
#include "generators/llm/llm_provider.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace medic::llm {

/// Hides secrets in text that leaves the machine or is written down (e.g. the ingest Redactor).
using RedactFunction = std::function<std::string(std::string_view)>;
/// Reads an environment variable; nothing when it is unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// What the composition root (or a test) decides beyond medic.yml.
struct LlmClientOptions {
    RedactFunction redact;         ///< Applied to every prompt text and recorded body; empty: none.
    EnvironmentLookup environment; ///< Empty: the process environment (getenv).
    std::optional<std::uint64_t> jitter_seed; ///< Empty: seeded from std::random_device.
    /// For Retry-After HTTP-dates.
    const Clock* clock = &wall_clock();
};

/// Talks to the configured model; one instance per run, so the budget is per run.
class LlmClient final : public LlmProvider {
public:
    /// Checks the config and reads the API key from the variable llm.api_key_env names.
    static Result<LlmClient> create(const LlmConfig& config, HttpClient& http, Sleeper& sleeper,
                                    LlmClientOptions options = {});

    /// One answer; refuses (invalid_input) once the run's token budget is spent.
    Result<LlmReply> complete(const LlmPrompt& prompt) override;

    /// Every exchange so far: request and response bodies (redacted), status, duration in ms,
    /// attempts, tokens, error. Never a header, never the key.
    [[nodiscard]] const nlohmann::json& exchanges() const { return m_exchanges; }
    /// Input + output tokens spent by this client.
    [[nodiscard]] std::uint64_t tokens_spent() const { return m_tokens_spent; }

private:
    LlmClient(const LlmConfig& config, HttpClient& http, Sleeper& sleeper,
              std::unique_ptr<ChatProtocol> protocol, std::string api_key,
              LlmClientOptions options);

    [[nodiscard]] std::string scrub(std::string_view text) const;
    [[nodiscard]] LlmPrompt redacted(const LlmPrompt& prompt) const;
    [[nodiscard]] Result<LlmReply> interpret(const Result<HttpResponse>& last, unsigned attempts);
    void record(const HttpRequest& request, const Result<HttpResponse>& last, unsigned attempts,
                double duration_ms, const Result<LlmReply>& reply);

    LlmConfig m_config;
    HttpClient* m_http;
    Sleeper* m_sleeper;
    std::unique_ptr<ChatProtocol> m_protocol;
    std::string m_api_key;
    LlmClientOptions m_options;
    std::uint64_t m_next_seed;
    std::uint64_t m_tokens_spent = 0;
    nlohmann::json m_exchanges = nlohmann::json::array();
};

} // namespace medic::llm
