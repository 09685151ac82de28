#include "generators/llm/chat_protocol.hpp"

#include "generators/llm/anthropic_protocol.hpp"
#include "generators/llm/openai_protocol.hpp"

namespace medic::llm {

Result<std::unique_ptr<ChatProtocol>> make_chat_protocol(std::string_view provider) {
    if (provider == "openai")
        return std::make_unique<OpenAiProtocol>();
    if (provider == "anthropic")
        return std::make_unique<AnthropicProtocol>();
    return fail(ErrorCode::invalid_input,
                "llm.provider is \"" + std::string(provider) +
                    "\"; use \"openai\" (any Chat Completions endpoint: OpenAI, vLLM, llama.cpp, "
                    "Ollama) or \"anthropic\"");
}

} // namespace medic::llm
