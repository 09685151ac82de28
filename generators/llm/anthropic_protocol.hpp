#pragma once
// AnthropicProtocol: the Messages API, with structured output through a forced tool.

#include "generators/llm/chat_protocol.hpp"

namespace medic::llm {

/// POST {base_url}/messages; the answer schema is the input_schema of the one tool the model is
/// forced to call (tool_choice {type: "tool"}), and the answer is that tool_use block's input.
class AnthropicProtocol final : public ChatProtocol {
public:
    /// The API version every request names (the Messages API's only version to date).
    static constexpr std::string_view k_api_version = "2023-06-01";

    [[nodiscard]] HttpRequest build_request(const LlmPrompt& prompt,
                                            const RequestSettings& settings) const override;
    [[nodiscard]] TokenUsage read_usage(std::string_view body) const override;
    [[nodiscard]] Result<LlmReply> read_reply(std::string_view body) const override;
    [[nodiscard]] std::string read_error(std::string_view body) const override;
};

} // namespace medic::llm
