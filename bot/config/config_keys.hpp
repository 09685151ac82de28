#pragma once
// Every key medic.yml knows, declared once (bot/config's key tables): its dotted path, its kind,
// its default and one line of documentation. The loader reads with the same tables; `medic
// doctor`, the README's check, `medic init`'s starter file and the configuration's JSON Schema
// (config_schema.hpp) list them from here.

#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// The shape of a key's value as medic.yml spells it.
enum class KeyKind {
    text,     ///< A string.
    texts,    ///< A list of strings.
    whole,    ///< A whole number.
    number,   ///< A number.
    share,    ///< A number between 0 and 1.
    flag,     ///< true or false.
    duration, ///< A duration such as 10m, 30s, 500ms, 2h, 7d.
    size,     ///< A size such as 4GiB or 512MiB.
    choice,   ///< One of the words its documentation names.
    map,      ///< A mapping whose keys the user names (handlers, sequences).
};

std::string_view to_string(KeyKind kind);

/// One key of medic.yml.
struct KeyInfo {
    std::string path; ///< e.g. "telemetry.window"; user-named parts as <name>.
    KeyKind kind = KeyKind::text;
    std::string default_text;         ///< As medic.yml would spell the default; empty: none.
    std::string doc;                  ///< One line: what it changes.
    std::vector<std::string> choices; ///< The words a `choice` key accepts.
};

/// Every key, section by section in the order the loader reads them.
std::vector<KeyInfo> config_keys();

/// `key`'s default as medic.yml would spell it: texts single-quoted (patterns hold characters
/// YAML would read), everything else as default_text says.
std::string spelled_default(const KeyInfo& key);

} // namespace medic
