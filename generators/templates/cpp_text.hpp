#pragma once
// Text helpers for generated C++: recorded telemetry becomes string literals that can only ever
// be data, and qualified names become identifiers, slugs and comment text.

#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// `text` as one double-quoted C++ string literal holding exactly its bytes. Printable ASCII is
/// kept (with \" \\ and \? escaped), \n \r \t are named, and every other byte is a three-digit
/// octal escape, which can never swallow the character after it. Whatever `text` holds, the
/// result is a single literal: telemetry cannot add code through it.
std::string cpp_string_literal(std::string_view text);

/// The ASCII words of a name, lower case: CamelCase humps and every non-alphanumeric character
/// separate them ("shop::HTTPServer::get2" -> {"shop", "http", "server", "get2"}).
std::vector<std::string> name_words(std::string_view name);

/// An UpperCamelCase C++ identifier for `name` ("shop::ApplyCoupon::handle" ->
/// "ShopApplyCouponHandle"); never empty, never starting with a digit, at most 64 characters.
std::string cpp_identifier(std::string_view name);

/// `text` made safe inside a `//` comment: one line (control characters become '_'), without
/// backslashes (which would continue the comment onto the next line) or '?' (trigraphs in old
/// dialects). Bytes of UTF-8 sequences are kept.
std::string cpp_comment_text(std::string_view text);

} // namespace medic
