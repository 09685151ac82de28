#include "generators/llm/anthropic_protocol.hpp"

#include "bot/model/json.hpp"
#include "generators/llm/wire_json.hpp"

namespace medic::llm {

using nlohmann::json;

namespace {

std::string text_blocks(const json& content) {
    std::string text;
    for (const auto& block : content)
        if (block.is_object() && block.value("type", "") == "text")
            text += block.value("text", "");
    return text;
}

const json* tool_input(const json& content) {
    for (const auto& block : content)
        if (block.is_object() && block.value("type", "") == "tool_use" && block.contains("input"))
            return &block.at("input");
    return nullptr;
}

} // namespace

HttpRequest AnthropicProtocol::build_request(const LlmPrompt& prompt,
                                             const RequestSettings& settings) const {
    json messages = json::array();
    for (const auto& message : prompt.messages)
        messages.push_back({{"role", message.role}, {"content", message.content}});
    json body = {
        {"model", settings.model},
        {"max_tokens", settings.max_output_tokens},
        {"messages", std::move(messages)},
        {"temperature", settings.temperature},
        {"tools", json::array({{{"name", prompt.schema_name},
                                {"description", "Report the answer. Call this exactly once; its "
                                                "input is the whole answer."},
                                {"input_schema", prompt.answer_schema}}})},
        {"tool_choice", {{"type", "tool"}, {"name", prompt.schema_name}}},
    };
    if (!prompt.system.empty())
        body["system"] = prompt.system;

    HttpRequest request{"POST",
                        join_url(settings.base_url, "messages"),
                        {},
                        to_json_text(body),
                        settings.timeout_s};
    request.headers.emplace_back("content-type", "application/json");
    request.headers.emplace_back("anthropic-version", std::string(k_api_version));
    if (!settings.api_key.empty())
        request.headers.emplace_back("x-api-key", settings.api_key);
    return request;
}

TokenUsage AnthropicProtocol::read_usage(std::string_view body) const {
    const json document = parse_or_null(body);
    return {unsigned_at(document, "/usage/input_tokens"),
            unsigned_at(document, "/usage/output_tokens")};
}

Result<LlmReply> AnthropicProtocol::read_reply(std::string_view body) const {
    const json document = parse_or_null(body);
    const json* content = pointer(document, "/content");
    if (content == nullptr || !content->is_array())
        return fail(ErrorCode::unavailable,
                    "the Messages answer has no content array: " + excerpt(body));
    const std::string stop = string_at(document, "/stop_reason");
    if (stop == "max_tokens")
        return fail(ErrorCode::invalid_input,
                    "the answer was cut off at the output token limit (stop_reason "
                    "\"max_tokens\"); raise llm.max_output_tokens in .github/medic.yml");
    if (stop == "refusal")
        return fail(ErrorCode::invalid_input,
                    "the model refused to answer: " + excerpt(text_blocks(*content)));
    // Without the answer tool, its text is the answer: the drafter's parser rejects it with a
    // message the model gets on the next attempt (a provider error would end the draft).
    const json* input = tool_input(*content);
    const TokenUsage usage = read_usage(body);
    return LlmReply{input != nullptr ? input->dump() : text_blocks(*content), usage.input_tokens,
                    usage.output_tokens, string_at(document, "/model")};
}

std::string AnthropicProtocol::read_error(std::string_view body) const {
    return error_text(body); // both providers answer errors as {"error": {type, message}}
}

} // namespace medic::llm
