#include "analyzers/code/names.hpp"

#include <cctype>
#include <filesystem>

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
