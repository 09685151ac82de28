#pragma once
// OpenAiProtocol: Chat Completions as OpenAI documents it, spoken also by vLLM, the llama.cpp
// server and Ollama.

#include "generators/llm/chat_protocol.hpp"

namespace medic::llm {

/// POST {base_url}/chat/completions with a strict json_schema response_format.
class OpenAiProtocol final : public ChatProtocol {
public:
    [[nodiscard]] HttpRequest build_request(const LlmPrompt& prompt,
                                            const RequestSettings& settings) const override;
    [[nodiscard]] TokenUsage read_usage(std::string_view body) const override;
    [[nodiscard]] Result<LlmReply> read_reply(std::string_view body) const override;
    [[nodiscard]] std::string read_error(std::string_view body) const override;
};

/// The name of the output-token limit for this endpoint: OpenAI's own API has deprecated
/// "max_tokens" for "max_completion_tokens" (its reasoning models accept only the latter),
/// while llama.cpp, Ollama and older vLLM only know "max_tokens".
std::string_view output_limit_field(std::string_view base_url);

} // namespace medic::llm
