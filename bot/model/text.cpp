#include "bot/model/text.hpp"

namespace medic {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string text;
    for (auto const& part : parts) {
        if (!text.empty())
            text += separator;
        text += part;
    }
    return text;
}

} // namespace medic
