#pragma once
// Transparent hashing, so maps keyed by std::string can be searched with a string_view
// without allocating (the ingest hot path looks up a handler per event).

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace medic::telemetry {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};

template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

} // namespace medic::telemetry
