#pragma once
// The one way an enum is named in JSON, YAML and on the command line: a table of names in the
// enum's order, read both ways.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace medic {

/// The name of `value` in `names` (one per enumerator, in order).
template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
    return names[static_cast<std::size_t>(value)];
}

/// The enumerator named `text`, or nothing.
template <typename Enum, std::size_t N>
std::optional<Enum> enum_named(const std::array<std::string_view, N>& names,
                               std::string_view text) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == text)
            return static_cast<Enum>(i);
    return std::nullopt;
}

} // namespace medic
