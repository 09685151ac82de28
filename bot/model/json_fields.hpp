#pragma once
// Reading JSON fields without trusting their shape: anomaly evidence may come from an older Medic
// or be edited by hand, so a missing or mistyped field is "absent", never an exception.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// object[key], or nullptr when `object` is no object or has no such key.
const nlohmann::json* field(const nlohmann::json& object, std::string_view key);

/// object[key] when it is a number.
std::optional<double> number_field(const nlohmann::json& object, std::string_view key);

/// object[key] as a count: a non-negative number that fits, else 0 (fractions truncated).
std::uint64_t count_field(const nlohmann::json& object, std::string_view key);

/// object[key] as a signed integer (a time in milliseconds, a line): a number that fits, else 0.
std::int64_t integer_field(const nlohmann::json& object, std::string_view key);

/// object[key] when it is a string.
std::optional<std::string> string_field(const nlohmann::json& object, std::string_view key);

/// object[key] when it is a boolean, else `otherwise`.
bool bool_field(const nlohmann::json& object, std::string_view key, bool otherwise);

/// The strings of the array object[key] (other elements skipped; empty when absent).
std::vector<std::string> strings_field(const nlohmann::json& object, std::string_view key);

/// The elements of the array object[key] (empty when absent or not an array).
std::vector<nlohmann::json> array_field(const nlohmann::json& object, std::string_view key);

} // namespace medic
