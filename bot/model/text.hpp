#pragma once
// Small text helpers shared by the stages and the CLI.

#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// `parts` joined by `separator`: join({"a","b"}, " → ") == "a → b".
std::string join(const std::vector<std::string>& parts, std::string_view separator);

} // namespace medic
