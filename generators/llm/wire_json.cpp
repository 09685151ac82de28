#include "generators/llm/wire_json.hpp"

#include "bot/model/text.hpp"

namespace medic::llm {

using nlohmann::json;

json parse_or_null(std::string_view body) {
    json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
    return parsed.is_discarded() ? json(nullptr) : parsed;
}

const json* pointer(const json& document, const char* path) {
    const json::json_pointer where(path);
    if (!document.is_structured() || !document.contains(where))
        return nullptr;
    return &document.at(where);
}

std::string string_at(const json& document, const char* path) {
    const json* value = pointer(document, path);
    return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

std::uint64_t unsigned_at(const json& document, const char* path) {
    const json* value = pointer(document, path);
    if (value == nullptr || !value->is_number_integer() || value->get<std::int64_t>() < 0)
        return 0;
    return value->get<std::uint64_t>();
}

std::string excerpt(std::string_view body) {
    constexpr std::size_t k_limit = 300;
    if (body.size() <= k_limit)
        return std::string(body);
    return utf8_prefix(body, k_limit) + "…";
}

std::string join_url(std::string_view base_url, std::string_view endpoint) {
    while (base_url.ends_with('/'))
        base_url.remove_suffix(1);
    return std::string(base_url) + "/" + std::string(endpoint);
}

std::string error_text(std::string_view body) {
    const nlohmann::json document = parse_or_null(body);
    const std::string message = string_at(document, "/error/message");
    const std::string type = string_at(document, "/error/type");
    if (message.empty())
        return excerpt(body);
    return type.empty() ? message : type + ": " + message;
}

} // namespace medic::llm
