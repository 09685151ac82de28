#pragma once
// Small helpers the protocol readers share: tolerant JSON access for provider answers whose
// shape is not guaranteed (a proxy's HTML error page, a field a compatible server leaves out).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace medic::llm {

/// The parsed body, or null when it is not JSON.
nlohmann::json parse_or_null(std::string_view body);

/// The value at a JSON Pointer ("/choices/0/message"), or nullptr when absent.
const nlohmann::json* pointer(const nlohmann::json& document, const char* path);

/// The string at `path`, or "" when absent or not a string.
std::string string_at(const nlohmann::json& document, const char* path);

/// The non-negative integer at `path`, or 0.
std::uint64_t unsigned_at(const nlohmann::json& document, const char* path);

/// At most the first 300 bytes of `body`, for error messages.
std::string excerpt(std::string_view body);

/// "type: message" from an {"error": {"type", "message"}} body, else an excerpt of the body.
std::string error_text(std::string_view body);

/// base_url + "/" + endpoint, with exactly one slash between them.
std::string join_url(std::string_view base_url, std::string_view endpoint);

} // namespace medic::llm
