// Fuzz target: a model's answer — the HTTP body of both protocols (OpenAI Chat Completions,
// Anthropic Messages), then the JSON draft inside it.
#include "generators/llm/chat_protocol.hpp"
#include "generators/llm/draft_answer.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static auto const openai = std::move(*medic::llm::make_chat_protocol("openai"));
    static auto const anthropic = std::move(*medic::llm::make_chat_protocol("anthropic"));
    std::string_view const body(reinterpret_cast<const char*>(data), size);
    for (auto const* protocol : {openai.get(), anthropic.get()}) {
        static_cast<void>(protocol->read_usage(body));
        static_cast<void>(protocol->read_error(body));
        if (auto reply = protocol->read_reply(body); reply)
            static_cast<void>(medic::llm::parse_draft_answer(reply->text));
    }
    static_cast<void>(medic::llm::parse_draft_answer(body));
    return 0;
}
