#include "analyzers/code/names.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

namespace medic::code {

std::string strip_template_arguments(std::string_view text) {
    std::string name;
    int depth = 0;
    for (char const c : text) {
        if (c == '<')
            ++depth;
        else if (c == '>' && depth > 0)
            --depth;
        else if (depth == 0)
            name += c;
    }
    return name;
}

std::string normalize_name(std::string_view qualified_name) {
    auto name = strip_template_arguments(qualified_name);
    constexpr std::string_view k_anonymous = "(anonymous namespace)::";
    for (auto pos = name.find(k_anonymous); pos != std::string::npos; pos = name.find(k_anonymous))
        name.erase(pos, k_anonymous.size());
    return name;
}

std::string template_arguments_key(std::string_view name) {
    auto const open = name.find('<');
    if (open == std::string_view::npos)
        return {};
    std::string key;
    std::string word;
    for (char const c : name.substr(open)) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_') {
            word += c;
        } else if (c == ':') {
            word.clear(); // "a::" is a qualifier: drop it (the second ':' finds an empty word)
        } else {
            key += word;
            word.clear();
            if (c != ' ')
                key += c;
        }
    }
    return key + word;
}

bool is_test_path(const std::string& relative) {
    std::filesystem::path const path(relative);
    for (auto const& part : path.parent_path())
        if (part == "test" || part == "tests" || part == "unittests")
            return true;
    auto const stem = path.stem().string();
    return stem.ends_with("_test") || stem.starts_with("test_") || stem.ends_with("_tests");
}

} // namespace medic::code

namespace medic::code {
namespace {

bool is_identifier(std::string_view text, bool allow_dots) {
    if (text.empty() || std::isdigit(static_cast<unsigned char>(text.front())) != 0)
        return false;
    return std::all_of(text.begin(), text.end(), [allow_dots](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
               (allow_dots && c == '.');
    });
}

/// A C++ qualified name as telemetry writes it: identifiers joined by ::, template arguments.
bool looks_like_function(std::string_view name) {
    auto const plain = strip_template_arguments(name);
    if (plain.empty())
        return false;
    for (std::size_t start = 0;;) {
        auto const end = plain.find("::", start);
        auto const part = std::string_view(plain).substr(start, end - start);
        if (!is_identifier(part, false) && !(start == 0 && part.empty() && end == 0))
            return false;
        if (end == std::string::npos)
            return true;
        start = end + 2;
    }
}

std::vector<std::string_view> segments_of(std::string_view path) {
    if (auto const query = path.find('?'); query != std::string_view::npos)
        path = path.substr(0, query); // Drogon writes query parameters into patterns
    while (path.ends_with("/?"))
        path.remove_suffix(2);
    while (path.size() > 1 && path.ends_with('/'))
        path.remove_suffix(1);
    std::vector<std::string_view> segments;
    for (std::size_t start = path.starts_with('/') ? 1 : 0; start <= path.size();) {
        auto const end = std::min(path.find('/', start), path.size());
        segments.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return segments;
}

bool is_placeholder(std::string_view segment) {
    return (segment.starts_with('{') && segment.ends_with('}')) || segment.starts_with(':') ||
           (segment.starts_with('<') && segment.ends_with('>'));
}

bool is_tail_wildcard(std::string_view segment) {
    return segment == "*" || segment == "<path>" || segment == "(.*)" || segment == ".*" ||
           segment == "(.+)" || segment == "**";
}

bool is_regex(std::string_view segment) {
    return segment.find_first_of("()[]\\+*?|^$") != std::string_view::npos;
}

bool segment_matches(std::string_view code, std::string_view wanted) {
    if (code == wanted || is_placeholder(code) || is_placeholder(wanted))
        return true;
    if (!is_regex(code))
        return false;
    try {
        return std::regex_match(wanted.begin(), wanted.end(), std::regex(std::string(code)));
    } catch (const std::regex_error&) {
        return false;
    }
}

} // namespace

std::vector<NameTarget> targets_of(std::string_view name) {
    using Kind = NameTarget::Kind;
    std::vector<NameTarget> targets;
    if (name.empty())
        return targets;
    if (is_lambda_identity(name))
        return {{Kind::lambda, std::string(name), {}, {}, {}, {}}};
    auto const space = name.find(' ');
    auto const method =
        space == std::string_view::npos ? std::string_view() : name.substr(0, space);
    auto const rest = space == std::string_view::npos ? name : name.substr(space + 1);
    if (rest.starts_with('/') && rest.find(' ') == std::string_view::npos &&
        (method.empty() || is_http_method(method) || method == "HTTP"))
        targets.push_back({Kind::route,
                           {},
                           method == "HTTP" ? "" : std::string(method),
                           std::string(rest),
                           {},
                           {}});
    else if (auto const slash = name.find('/');
             slash != std::string_view::npos && slash > 0 &&
             name.find('/', slash + 1) == std::string_view::npos &&
             is_identifier(name.substr(0, slash), true) &&
             is_identifier(name.substr(slash + 1), false))
        targets.push_back({Kind::rpc,
                           {},
                           {},
                           {},
                           std::string(name.substr(0, slash)),
                           std::string(name.substr(slash + 1))});
    if (looks_like_function(name))
        targets.push_back({Kind::function, std::string(name), {}, {}, {}, {}});
    // A qualified C++ name is no registration key; a plain word can be either.
    if (targets.empty() ||
        (targets.back().kind == Kind::function && name.find("::") == std::string_view::npos))
        targets.push_back({Kind::key, std::string(name), {}, {}, {}, {}});
    return targets;
}

bool route_matches(std::string_view pattern, std::string_view path) {
    auto const code = segments_of(pattern);
    auto const wanted = segments_of(path);
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (is_tail_wildcard(code[i]) && i + 1 == code.size())
            return wanted.size() >= i;
        if (i >= wanted.size() || !segment_matches(code[i], wanted[i]))
            return false;
    }
    return code.size() == wanted.size();
}

bool is_http_method(std::string_view word) {
    static constexpr std::string_view k_methods[] = {"GET",   "POST", "PUT",     "DELETE",
                                                     "PATCH", "HEAD", "OPTIONS", "DEL"};
    // method_matches takes an empty side as "any method"; an empty word names none.
    return !word.empty() &&
           std::any_of(std::begin(k_methods), std::end(k_methods),
                       [word](std::string_view method) { return method_matches(method, word); });
}

bool method_matches(std::string_view registered, std::string_view wanted) {
    if (registered.empty() || wanted.empty())
        return true;
    auto const canonical = [](std::string_view method) {
        std::string upper;
        for (char const c : method)
            upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return upper == "DEL" ? std::string("DELETE") : upper;
    };
    return canonical(registered) == canonical(wanted);
}

std::string route_fragment(std::string_view path) {
    std::string_view longest;
    for (auto const segment : segments_of(path))
        if (!is_placeholder(segment) && !is_regex(segment) && segment.size() > longest.size())
            longest = segment;
    return longest.empty() ? std::string("\"/") : std::string(longest);
}

std::string lambda_identity(std::string_view file, unsigned line, unsigned column) {
    return "lambda at " + std::string(file) + ":" + std::to_string(line) + ":" +
           std::to_string(column);
}

bool is_lambda_identity(std::string_view name) {
    return name.starts_with("lambda at ");
}

std::string lambda_file(std::string_view identity) {
    auto place = identity.substr(std::string_view("lambda at ").size());
    for (int colons = 0; colons < 2; ++colons)
        place = place.substr(0, place.rfind(':'));
    return std::string(place);
}

} // namespace medic::code
