#pragma once
// ChatProtocol: how one provider family spells a request and an answer on the wire.

#include "bot/model/http.hpp"
#include "generators/llm/llm_provider.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace medic::llm {

/// What every request carries besides the prompt.
struct RequestSettings {
    std::string base_url; ///< e.g. "https://api.openai.com/v1", no trailing endpoint.
    std::string model;
    std::string api_key; ///< Empty: no key header (local servers).
    unsigned max_output_tokens = 4096;
    double temperature = 0;
    double timeout_s = 120;
};

/// Tokens a response says it used, read even when the answer itself is unusable.
struct TokenUsage {
    std::uint64_t input_tokens = 0;
    std::uint64_t output_tokens = 0;
};

/// One provider family's wire format: OpenAI Chat Completions or Anthropic Messages.
class ChatProtocol {
public:
    virtual ~ChatProtocol() = default;
    /// The HTTP request for `prompt`, headers and JSON body as the provider documents them.
    [[nodiscard]] virtual HttpRequest build_request(const LlmPrompt& prompt,
                                                    const RequestSettings& settings) const = 0;
    /// The usage block of a 2xx body (zeros when absent).
    [[nodiscard]] virtual TokenUsage read_usage(std::string_view body) const = 0;
    /// The answer text of a 2xx body, or why there is none (refusal, cut off, no tool call).
    [[nodiscard]] virtual Result<LlmReply> read_reply(std::string_view body) const = 0;
    /// The provider's own words from an error body ("overloaded_error: Overloaded"), or "".
    [[nodiscard]] virtual std::string read_error(std::string_view body) const = 0;
};

/// The protocol for `llm.provider` ("openai" or "anthropic"); invalid_input for anything else.
Result<std::unique_ptr<ChatProtocol>> make_chat_protocol(std::string_view provider);

} // namespace medic::llm
