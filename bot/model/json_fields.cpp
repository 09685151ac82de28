#include "bot/model/json_fields.hpp"

namespace medic {

const nlohmann::json* field(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object())
        return nullptr;
    const auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

std::optional<double> number_field(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = field(object, key);
    if (value == nullptr || !value->is_number())
        return std::nullopt;
    return value->get<double>();
}

std::uint64_t count_field(const nlohmann::json& object, std::string_view key) {
    double const value = number_field(object, key).value_or(0);
    return value >= 0 && value < 1.8e19 ? static_cast<std::uint64_t>(value) : 0;
}

std::int64_t integer_field(const nlohmann::json& object, std::string_view key) {
    double const value = number_field(object, key).value_or(0);
    return value > -9.2e18 && value < 9.2e18 ? static_cast<std::int64_t>(value) : 0;
}

std::optional<std::string> string_field(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = field(object, key);
    if (value == nullptr || !value->is_string())
        return std::nullopt;
    return value->get<std::string>();
}

bool bool_field(const nlohmann::json& object, std::string_view key, bool otherwise) {
    const nlohmann::json* value = field(object, key);
    return value != nullptr && value->is_boolean() ? value->get<bool>() : otherwise;
}

std::vector<std::string> strings_field(const nlohmann::json& object, std::string_view key) {
    std::vector<std::string> strings;
    for (const nlohmann::json& element : array_field(object, key))
        if (element.is_string())
            strings.push_back(element.get<std::string>());
    return strings;
}

std::vector<nlohmann::json> array_field(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = field(object, key);
    if (value == nullptr || !value->is_array())
        return {};
    return {value->begin(), value->end()};
}

} // namespace medic
