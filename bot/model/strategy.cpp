#include "bot/model/strategy.hpp"

#include "bot/model/enum_names.hpp"

namespace medic {
namespace {

constexpr std::array<std::string_view, 3> k_strategies{"rules", "llm", "manual"};

} // namespace

std::string_view to_string(Strategy strategy) {
    return name_of(k_strategies, strategy);
}

std::optional<Strategy> parse_strategy(std::string_view text) {
    return enum_named<Strategy>(k_strategies, text);
}

std::optional<Strategy> parse_configurable_strategy(std::string_view text) {
    auto const strategy = parse_strategy(text);
    if (strategy == Strategy::manual)
        return std::nullopt;
    return strategy;
}

} // namespace medic
