#pragma once
// Reading medic.yml values with clear errors: the helpers every section reader shares
// (internal to bot/config).

#include "bot/model/config.hpp"
#include "bot/model/time.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace medic::config_detail {

/// Thrown by the readers, caught in parse_config: a value of the wrong shape.
struct ConfigError {
    std::string message;
};

inline std::string where(const YAML::Node& node) {
    auto const mark = node.Mark();
    return mark.line >= 0 ? " (line " + std::to_string(mark.line + 1) + ")" : "";
}

[[noreturn]] inline void reject(const YAML::Node& node, std::string_view path,
                                std::string_view problem) {
    throw ConfigError{std::string(path) + where(node) + ": " + std::string(problem)};
}

template <typename T>
constexpr std::string_view expected_shape() {
    if constexpr (std::is_same_v<T, std::string>)
        return "a string";
    else if constexpr (std::is_same_v<T, std::vector<std::string>>)
        return "a list of strings";
    else if constexpr (std::is_same_v<T, bool>)
        return "true or false";
    else if constexpr (std::is_floating_point_v<T>)
        return "a number";
    else
        return "a whole number";
}

template <typename T>
T read_as(const YAML::Node& node, std::string_view path) {
    try {
        return node.as<T>();
    } catch (const YAML::Exception&) {
        reject(node, path, "expected " + std::string(expected_shape<T>()));
    }
}

/// Sets `out` from `parent[key]` when the key is present.
template <typename T>
void assign(const YAML::Node& parent, std::string_view path, const char* key, T& out) {
    if (auto const node = parent[key])
        out = read_as<T>(node, std::string(path) + "." + key);
}

/// Like assign, for a share in [0, 1].
inline void assign_share(const YAML::Node& parent, std::string_view path, const char* key,
                         double& out) {
    double value = out;
    assign(parent, path, key, value);
    if (value < 0 || value > 1)
        reject(parent[key], std::string(path) + "." + key, "must be between 0 and 1");
    out = value;
}

/// Like assign, for a duration such as "10m".
inline void assign_duration(const YAML::Node& parent, std::string_view path, const char* key,
                            std::int64_t& out) {
    auto const node = parent[key];
    if (!node)
        return;
    auto const full = std::string(path) + "." + key;
    auto const ms = parse_duration_ms(read_as<std::string>(node, full));
    if (!ms || *ms <= 0)
        reject(node, full,
               "not a duration (use ms, s, m, h or d, e.g. 10m; at most a thousand years)");
    out = *ms;
}

/// Warns about every key of `map` not in `known`; rejects a `map` that is not a mapping.
inline void check_keys(const YAML::Node& map, std::string_view path,
                       const std::vector<std::string_view>& known, MedicConfig& config) {
    if (!map.IsMap())
        reject(map, path.empty() ? "the file" : path, "expected a mapping");
    for (auto const& entry : map) {
        auto const key = entry.first.as<std::string>();
        if (std::find(known.begin(), known.end(), key) == known.end())
            config.warnings.push_back("unknown key '" + std::string(path) +
                                      (path.empty() ? "" : ".") + key + "'" + where(entry.first) +
                                      " is ignored");
    }
}

} // namespace medic::config_detail
