#include "generators/llm/openai_protocol.hpp"

#include "bot/model/json.hpp"
#include "generators/llm/wire_json.hpp"

namespace medic::llm {

using nlohmann::json;

std::string_view output_limit_field(std::string_view base_url) {
    const bool openai_itself =
        base_url.starts_with("https://api.openai.com/") || base_url == "https://api.openai.com";
    return openai_itself ? "max_completion_tokens" : "max_tokens";
}

HttpRequest OpenAiProtocol::build_request(const LlmPrompt& prompt,
                                          const RequestSettings& settings) const {
    json messages = json::array();
    if (!prompt.system.empty())
        messages.push_back({{"role", "system"}, {"content", prompt.system}});
    for (const auto& message : prompt.messages)
        messages.push_back({{"role", message.role}, {"content", message.content}});
    json body = {
        {"model", settings.model},
        {"messages", std::move(messages)},
        {"temperature", settings.temperature},
        {"response_format",
         {{"type", "json_schema"},
          {"json_schema",
           {{"name", prompt.schema_name}, {"schema", prompt.answer_schema}, {"strict", true}}}}},
    };
    body[std::string(output_limit_field(settings.base_url))] = settings.max_output_tokens;

    HttpRequest request{"POST",
                        join_url(settings.base_url, "chat/completions"),
                        {},
                        to_json_text(body),
                        settings.timeout_s};
    request.headers.emplace_back("Content-Type", "application/json");
    request.headers.emplace_back("Accept", "application/json");
    if (!settings.api_key.empty())
        request.headers.emplace_back("Authorization", "Bearer " + settings.api_key);
    return request;
}

TokenUsage OpenAiProtocol::read_usage(std::string_view body) const {
    const json document = parse_or_null(body);
    return {unsigned_at(document, "/usage/prompt_tokens"),
            unsigned_at(document, "/usage/completion_tokens")};
}

Result<LlmReply> OpenAiProtocol::read_reply(std::string_view body) const {
    const json document = parse_or_null(body);
    const json* choice = pointer(document, "/choices/0");
    if (choice == nullptr)
        return fail(ErrorCode::unavailable,
                    "the Chat Completions answer has no choices[0]: " + excerpt(body));
    if (const json* refusal = pointer(*choice, "/message/refusal");
        refusal != nullptr && refusal->is_string())
        return fail(ErrorCode::invalid_input,
                    "the model refused to answer: " + refusal->get<std::string>());
    const std::string finish = string_at(*choice, "/finish_reason");
    if (finish == "length")
        return fail(ErrorCode::invalid_input,
                    "the answer was cut off at the output token limit (finish_reason \"length\"); "
                    "raise llm.max_output_tokens in .github/medic.yml");
    // An empty answer goes to the drafter's parser too, which tells the model what was wrong.
    const json* content = pointer(*choice, "/message/content");
    const TokenUsage usage = read_usage(body);
    return LlmReply{content != nullptr && content->is_string() ? content->get<std::string>() : "",
                    usage.input_tokens, usage.output_tokens, string_at(document, "/model")};
}

std::string OpenAiProtocol::read_error(std::string_view body) const {
    return error_text(body); // both providers answer errors as {"error": {type, message}}
}

} // namespace medic::llm
