#include "bot/config/key_table.hpp"

#include "bot/model/text.hpp"

#include <cstdio>
#include <utility>

namespace medic::config_detail {

std::string spell_duration_ms(std::int64_t ms) {
    static constexpr std::pair<std::int64_t, std::string_view> k_units[] = {
        {86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}};
    for (auto const& [size, unit] : k_units)
        if (ms != 0 && ms % size == 0)
            return std::to_string(ms / size) + std::string(unit);
    return std::to_string(ms) + "ms";
}

std::string spell_size(std::uint64_t bytes) {
    static constexpr std::pair<std::uint64_t, std::string_view> k_units[] = {
        {std::uint64_t{1} << 30, "GiB"}, {std::uint64_t{1} << 20, "MiB"}};
    for (auto const& [size, unit] : k_units)
        if (bytes != 0 && bytes % size == 0)
            return std::to_string(bytes / size) + std::string(unit);
    return std::to_string(bytes);
}

std::string spell_text(const std::string& text) {
    return text.empty() ? "\"\"" : text;
}

std::string spell_texts(const std::vector<std::string>& texts) {
    return "[" + join(texts, ", ") + "]";
}

std::string spell_number(double number) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", number);
    std::string spelled = text;
    if (spelled.find_first_of(".e") == std::string::npos)
        spelled += ".0";
    return spelled;
}

} // namespace medic::config_detail
