#include "bot/model/config.hpp"

#include "bot/model/enum_names.hpp"

namespace medic {
namespace {

constexpr std::array<std::string_view, 3> k_publish_modes{"local", "github", "none"};

} // namespace

std::string_view to_string(PublishMode mode) {
    return name_of(k_publish_modes, mode);
}

std::optional<PublishMode> parse_publish_mode(std::string_view text) {
    return enum_named<PublishMode>(k_publish_modes, text);
}

} // namespace medic
