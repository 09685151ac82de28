// The request shapes OpenAI (Chat Completions, structured outputs) and Anthropic (Messages,
// tool use) document, as checks the test server runs on every body it receives.

#include "tests/support/llm_test_server.hpp"

#include <regex>
#include <set>

namespace medic::test {

using nlohmann::json;

namespace {

using Problems = std::vector<std::string>;

bool valid_name(const json& name) {
    static const std::regex k_name("^[a-zA-Z0-9_-]{1,64}$");
    return name.is_string() && std::regex_match(name.get<std::string>(), k_name);
}

void check_known_keys(const json& body, const std::set<std::string>& known, Problems& problems) {
    for (const auto& [key, value] : body.items())
        if (!known.contains(key))
            problems.push_back("unknown top-level field \"" + key + "\"");
}

void check_temperature(const json& body, double max, Problems& problems) {
    if (!body.contains("temperature"))
        return;
    const json& t = body.at("temperature");
    if (!t.is_number() || t.get<double>() < 0 || t.get<double>() > max)
        problems.push_back("temperature must be a number from 0 to " + std::to_string(max));
}

bool positive_integer(const json& body, const char* key) {
    return body.contains(key) && body.at(key).is_number_integer() && body.at(key).get<long>() > 0;
}

// Strict structured outputs accept a schema only if every object lists all its properties as
// required and forbids additional ones.
void check_strict_schema(const json& schema, Problems& problems) {
    if (!schema.is_object() || schema.value("type", "") != "object") {
        problems.push_back("json_schema.schema must be an object schema");
        return;
    }
    if (schema.value("additionalProperties", true) != false)
        problems.push_back("strict schemas need \"additionalProperties\": false");
    const json properties = schema.value("properties", json::object());
    const json required = schema.value("required", json::array());
    for (const auto& [key, value] : properties.items())
        if (std::find(required.begin(), required.end(), key) == required.end())
            problems.push_back("strict schemas need every property required; \"" + key +
                               "\" is not");
}

void check_openai_messages(const json& body, Problems& problems) {
    const json messages = body.value("messages", json());
    if (!messages.is_array() || messages.empty()) {
        problems.push_back("messages must be a non-empty array");
        return;
    }
    static const std::set<std::string> k_roles = {"system", "developer", "user", "assistant"};
    for (const auto& message : messages) {
        if (!message.is_object() || !message.contains("role") || !message.at("role").is_string() ||
            !k_roles.contains(message.at("role").get<std::string>()))
            problems.push_back("each message needs a role: system, developer, user or assistant");
        else if (!message.contains("content") || !message.at("content").is_string())
            problems.push_back("each message needs string content");
    }
    if (messages.back().value("role", "") != "user")
        problems.push_back("the last message should be the user's");
}

void check_response_format(const json& body, Problems& problems) {
    const json format = body.value("response_format", json());
    if (!format.is_object() || format.value("type", "") != "json_schema") {
        problems.push_back("response_format must be {\"type\": \"json_schema\", ...}");
        return;
    }
    const json spec = format.value("json_schema", json());
    if (!spec.is_object() || !valid_name(spec.value("name", json())))
        problems.push_back("response_format.json_schema.name must match [a-zA-Z0-9_-]{1,64}");
    if (!spec.is_object() || spec.value("strict", json()) != true)
        problems.push_back("response_format.json_schema.strict must be true");
    if (spec.is_object())
        check_strict_schema(spec.value("schema", json()), problems);
}

void check_anthropic_messages(const json& body, Problems& problems) {
    const json messages = body.value("messages", json());
    if (!messages.is_array() || messages.empty()) {
        problems.push_back("messages must be a non-empty array");
        return;
    }
    for (const auto& message : messages) {
        const std::string role = message.value("role", "");
        if (role != "user" && role != "assistant")
            problems.push_back("message roles are user or assistant (system is top-level)");
        const json content = message.value("content", json());
        if (!content.is_string() && !content.is_array())
            problems.push_back("message content must be a string or an array of blocks");
    }
    if (messages.front().value("role", "") != "user")
        problems.push_back("the first message must be the user's");
}

void check_forced_tool(const json& body, Problems& problems) {
    const json tools = body.value("tools", json());
    const json choice = body.value("tool_choice", json());
    if (!tools.is_array() || tools.empty()) {
        problems.push_back("tools must be a non-empty array for a forced tool");
        return;
    }
    for (const auto& tool : tools) {
        if (!valid_name(tool.value("name", json())))
            problems.push_back("tool names must match [a-zA-Z0-9_-]{1,64}");
        if (!tool.value("description", json()).is_string())
            problems.push_back("tools should carry a description");
        const json schema = tool.value("input_schema", json());
        if (!schema.is_object() || schema.value("type", "") != "object")
            problems.push_back("tool input_schema must be a JSON Schema with type object");
    }
    if (!choice.is_object() || choice.value("type", "") != "tool" ||
        choice.value("name", json()) != tools.front().value("name", json()))
        problems.push_back("tool_choice must be {\"type\": \"tool\", \"name\": <the tool>}");
}

} // namespace

std::vector<std::string> check_openai_body(const json& body) {
    Problems problems;
    if (!body.is_object())
        return {"the body is not a JSON object"};
    check_known_keys(body,
                     {"model", "messages", "temperature", "top_p", "max_tokens",
                      "max_completion_tokens", "response_format", "n", "stop", "seed", "stream",
                      "user", "presence_penalty", "frequency_penalty"},
                     problems);
    if (!body.value("model", json()).is_string() || body.at("model").get<std::string>().empty())
        problems.push_back("model must be a non-empty string");
    check_openai_messages(body, problems);
    check_temperature(body, 2.0, problems);
    const bool legacy = positive_integer(body, "max_tokens");
    const bool current = positive_integer(body, "max_completion_tokens");
    if (legacy == current)
        problems.push_back("send exactly one of max_tokens / max_completion_tokens (> 0)");
    check_response_format(body, problems);
    return problems;
}

std::vector<std::string> check_anthropic_body(const json& body) {
    Problems problems;
    if (!body.is_object())
        return {"the body is not a JSON object"};
    check_known_keys(body,
                     {"model", "max_tokens", "messages", "system", "temperature", "tools",
                      "tool_choice", "stop_sequences", "top_p", "top_k", "metadata", "stream"},
                     problems);
    if (!body.value("model", json()).is_string() || body.at("model").get<std::string>().empty())
        problems.push_back("model must be a non-empty string");
    if (!positive_integer(body, "max_tokens"))
        problems.push_back("max_tokens is required and must be a positive integer");
    if (body.contains("system") && !body.at("system").is_string() && !body.at("system").is_array())
        problems.push_back("system must be a string or an array of text blocks");
    check_anthropic_messages(body, problems);
    check_temperature(body, 1.0, problems);
    check_forced_tool(body, problems);
    return problems;
}

} // namespace medic::test
