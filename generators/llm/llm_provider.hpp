#pragma once
// LlmProvider: the edge of the world where a model answers a prompt (SPEC "Draft").

#include "bot/model/result.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace medic::llm {

/// One turn of the conversation; the system text travels separately (providers differ there).
struct ChatMessage {
    std::string role; ///< "user" or "assistant".
    std::string content;
};

/// What to ask, and the JSON shape the answer must have.
struct LlmPrompt {
    std::string system;
    std::vector<ChatMessage> messages;
    nlohmann::json answer_schema; ///< A JSON Schema object the answer must satisfy.
    std::string schema_name;      ///< [a-zA-Z0-9_-]{1,64}: the schema's (or forced tool's) name.
};

/// The model's answer (JSON text matching the schema) and what it cost.
struct LlmReply {
    std::string text;
    std::uint64_t input_tokens = 0;
    std::uint64_t output_tokens = 0;
    std::string model; ///< As the provider names it (may be more specific than asked).
};

/// A model behind some protocol; the drafter sees only this.
class LlmProvider {
public:
    virtual ~LlmProvider() = default;
    /// One answer to `prompt`, or an Error saying whether trying again can help.
    virtual Result<LlmReply> complete(const LlmPrompt& prompt) = 0;
};

} // namespace medic::llm
