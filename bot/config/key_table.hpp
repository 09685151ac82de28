#pragma once
// Internal to bot/config: a section of medic.yml as one table of keys, each declared once (name,
// kind, documentation, how to read it, its default, the check of its value). The loader reads a
// section through its table; config_keys() lists the same tables.

#include "bot/config/config_keys.hpp"
#include "bot/config/yaml_fields.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace medic::config_detail {

template <typename Section>
struct KeySpec {
    std::string_view name;
    KeyKind kind = KeyKind::text;
    std::string_view doc;
    /// Reads `section[name]` into `out` when present; throws ConfigError naming `path`.`name`.
    void (*read)(const YAML::Node& section, std::string_view path, const char* name,
                 Section& out) = nullptr;
    /// The default, spelled as medic.yml would spell it.
    std::string (*default_text)() = nullptr;
    /// What is wrong with the value read (empty: nothing), reported at the key.
    std::string (*check)(const Section& out) = nullptr;
};

template <typename>
struct MemberOf;
template <typename Section, typename Value>
struct MemberOf<Value Section::*> {
    using section = Section;
    using value = Value;
};

/// Durations as medic.yml spells them: the largest unit that divides the value exactly.
std::string spell_duration_ms(std::int64_t ms);
std::string spell_size(std::uint64_t bytes);
std::string spell_text(const std::string& text);
std::string spell_texts(const std::vector<std::string>& texts);
std::string spell_number(double number);

template <KeyKind Kind, typename Value>
void read_value(const YAML::Node& node, std::string_view path, const char* name, Value& out) {
    if constexpr (Kind == KeyKind::share)
        assign_share(node, path, name, out);
    else if constexpr (Kind == KeyKind::duration && std::is_floating_point_v<Value>) {
        auto ms = static_cast<std::int64_t>(out * 1000); // a duration kept in seconds
        assign_duration(node, path, name, ms);
        out = static_cast<Value>(ms) / 1000;
    } else if constexpr (Kind == KeyKind::duration)
        assign_duration(node, path, name, out);
    else
        assign(node, path, name, out);
}

template <KeyKind Kind, typename Value>
std::string spell_value(const Value& value) {
    if constexpr (std::is_same_v<Value, std::string>)
        return spell_text(value);
    else if constexpr (std::is_same_v<Value, std::vector<std::string>>)
        return spell_texts(value);
    else if constexpr (std::is_same_v<Value, bool>)
        return value ? "true" : "false";
    else if constexpr (Kind == KeyKind::duration && std::is_floating_point_v<Value>)
        return spell_duration_ms(static_cast<std::int64_t>(value * 1000));
    else if constexpr (Kind == KeyKind::duration)
        return spell_duration_ms(value);
    else if constexpr (std::is_floating_point_v<Value>)
        return spell_number(value);
    else
        return std::to_string(value);
}

/// The table entry of the member `Member` of a section struct, read as `Kind`.
template <auto Member, KeyKind Kind>
constexpr auto
key(std::string_view name, std::string_view doc,
    std::string (*check)(const typename MemberOf<decltype(Member)>::section&) = nullptr) {
    using Section = typename MemberOf<decltype(Member)>::section;
    return KeySpec<Section>{
        name,
        Kind,
        doc,
        [](const YAML::Node& node, std::string_view path, const char* key_name, Section& out) {
            read_value<Kind>(node, path, key_name, out.*Member);
        },
        [] { return spell_value<Kind>(Section{}.*Member); },
        check};
}

/// Reads the section `node` at `path` through its table, after warning about keys it does not
/// know (`subsections` are known too: their caller reads them).
template <typename Section>
void read_section(const YAML::Node& node, std::string_view path,
                  std::span<const KeySpec<Section>> keys, Section& out, MedicConfig& config,
                  std::vector<std::string_view> subsections = {}) {
    auto known = std::move(subsections);
    for (auto const& key : keys)
        known.push_back(key.name);
    check_keys(node, path, known, config);
    for (auto const& key : keys) {
        std::string const name(key.name);
        key.read(node, path, name.c_str(), out);
        if (key.check == nullptr)
            continue;
        if (auto const problem = key.check(out); !problem.empty())
            reject(node[name], std::string(path) + "." + name, problem);
    }
}

/// The table's keys as KeyInfo, with `path` before each name.
template <typename Section>
void describe(std::vector<KeyInfo>& out, std::string_view path,
              std::span<const KeySpec<Section>> keys) {
    for (auto const& key : keys)
        out.push_back({std::string(path) + "." + std::string(key.name), key.kind,
                       key.default_text(), std::string(key.doc)});
}

} // namespace medic::config_detail
