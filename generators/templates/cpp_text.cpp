#include "generators/templates/cpp_text.hpp"

#include <cctype>

namespace medic {

namespace {

constexpr std::size_t k_max_identifier = 64;

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_upper(char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0;
}
bool is_lower_or_digit(char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0 ||
           std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// A word starts at an upper-case letter after a lower-case letter or digit ("applyCoupon"), and
// at the last capital of an acronym that a lower-case word follows ("HTTPServer").
bool starts_hump(std::string_view name, std::size_t at) {
    if (at == 0 || !is_upper(name[at]))
        return false;
    const char before = name[at - 1];
    if (is_lower_or_digit(before))
        return true;
    return is_upper(before) && at + 1 < name.size() &&
           std::islower(static_cast<unsigned char>(name[at + 1])) != 0;
}

void append_octal(std::string& out, unsigned char byte) {
    out += '\\';
    out += static_cast<char>('0' + ((byte >> 6) & 7));
    out += static_cast<char>('0' + ((byte >> 3) & 7));
    out += static_cast<char>('0' + (byte & 7));
}

} // namespace

std::string cpp_string_literal(std::string_view text) {
    std::string out = "\"";
    out.reserve(text.size() + 2);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '?':
            out += "\\?";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte >= 0x20 && byte < 0x7f)
                out += c;
            else
                append_octal(out, byte);
        }
    }
    out += '"';
    return out;
}

std::vector<std::string> name_words(std::string_view name) {
    std::vector<std::string> words;
    std::string word;
    for (std::size_t at = 0; at < name.size(); ++at) {
        const char c = name[at];
        if (!is_alnum(c) || starts_hump(name, at)) {
            if (!word.empty())
                words.push_back(std::move(word));
            word.clear();
        }
        if (is_alnum(c))
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (!word.empty())
        words.push_back(std::move(word));
    return words;
}

std::string cpp_identifier(std::string_view name) {
    std::string identifier;
    for (std::string word : name_words(name)) {
        word.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(word.front())));
        if (identifier.size() + word.size() > k_max_identifier) {
            if (identifier.empty())
                identifier = word; // cut below
            break;
        }
        identifier += word;
    }
    if (identifier.empty())
        return "Unnamed";
    if (std::isdigit(static_cast<unsigned char>(identifier.front())) != 0)
        identifier = std::string("N").append(identifier);
    return identifier.substr(0, k_max_identifier);
}

std::string cpp_comment_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool printable = (byte >= 0x20 && byte < 0x7f) || byte >= 0x80;
        out += printable && c != '\\' && c != '?' ? c : '_';
    }
    return out;
}

} // namespace medic
