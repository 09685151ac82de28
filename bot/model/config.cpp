#include "bot/model/config.hpp"

#include <algorithm>
#include <array>

namespace medic {
namespace {

constexpr std::array<std::string_view, 3> k_publish_modes{"local", "github", "none"};

} // namespace

std::string_view to_string(PublishMode mode) {
    return k_publish_modes[static_cast<std::size_t>(mode)];
}

std::optional<PublishMode> parse_publish_mode(std::string_view text) {
    auto const found = std::find(k_publish_modes.begin(), k_publish_modes.end(), text);
    if (found == k_publish_modes.end())
        return std::nullopt;
    return static_cast<PublishMode>(found - k_publish_modes.begin());
}

} // namespace medic
