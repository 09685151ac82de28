#pragma once
// Small text helpers shared by the stages and the CLI.

#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// `parts` joined by `separator`: join({"a","b"}, " → ") == "a → b".
std::string join(const std::vector<std::string>& parts, std::string_view separator);

/// `text` cut at each `separator`: split("a.b", '.') == {"a", "b"}; "" gives no part.
std::vector<std::string> split(std::string_view text, char separator);

/// At most `max_bytes` of `text`, never ending inside a UTF-8 character: the way to shorten text
/// that may reach JSON or a terminal (a byte cut would leave half a character behind).
std::string utf8_prefix(std::string_view text, std::size_t max_bytes);

/// `text` with every byte that does not start a well-formed UTF-8 character (a Latin-1 byte,
/// a character cut short, an overlong or surrogate form) replaced by U+FFFD; valid text as it is.
std::string valid_utf8(std::string_view text);

/// `text` with the ASCII letters A-Z in lower case (other bytes as they are).
std::string ascii_lowercase(std::string_view text);

/// `text` with every occurrence of `from` (not empty) replaced by `to`, left to right.
std::string replace_all(std::string text, std::string_view from, std::string_view to);

} // namespace medic
