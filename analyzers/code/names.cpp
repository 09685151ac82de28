#include "analyzers/code/names.hpp"

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

} // namespace medic::code
