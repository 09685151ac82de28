#include "bot/config/config_schema.hpp"

#include "bot/config/config_keys.hpp"
#include "bot/model/text.hpp"

namespace medic {
namespace {

using nlohmann::json;

constexpr std::string_view k_duration_pattern = R"(^[0-9]+(\.[0-9]+)?(ms|s|m|min|h|d)$)";
constexpr std::string_view k_size_pattern =
    R"(^[0-9]+(\.[0-9]+)?\s*(B|K|KB|KiB|M|MB|MiB|G|GB|GiB|T|TiB)?$)";

json object_schema() {
    return {{"type", "object"}, {"additionalProperties", false}, {"properties", json::object()}};
}

/// The value's schema for `key`'s kind.
json value_schema(const KeyInfo& key) {
    switch (key.kind) {
    case KeyKind::text:
        return {{"type", "string"}};
    case KeyKind::texts:
        return {{"type", "array"}, {"items", {{"type", "string"}}}};
    case KeyKind::whole:
        return {{"type", "integer"}};
    case KeyKind::number:
        return {{"type", "number"}};
    case KeyKind::share:
        return {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
    case KeyKind::flag:
        return {{"type", "boolean"}};
    case KeyKind::duration:
        return {{"type", "string"}, {"pattern", k_duration_pattern}};
    case KeyKind::size:
        return {{"oneOf",
                 {{{"type", "integer"}, {"minimum", 0}},
                  {{"type", "string"}, {"pattern", k_size_pattern}}}}};
    case KeyKind::choice:
        return {{"type", "string"}, {"enum", key.choices}};
    case KeyKind::map:
        return {{"type", "object"}, {"additionalProperties", {{"type", "number"}}}};
    }
    return json::object();
}

/// The default as JSON, where the file's spelling is a plain scalar.
std::optional<json> default_of(const KeyInfo& key) {
    if (key.default_text.empty() || key.kind == KeyKind::texts || key.kind == KeyKind::map)
        return std::nullopt;
    if (key.kind == KeyKind::flag)
        return json(key.default_text == "true");
    if (key.kind == KeyKind::whole || key.kind == KeyKind::number || key.kind == KeyKind::share) {
        auto const number = json::parse(key.default_text, nullptr, false);
        return number.is_number() ? std::optional(number) : std::nullopt;
    }
    if (key.default_text == "\"\"")
        return json("");
    return json(key.default_text);
}

/// The schema node of `parts` under `node` (objects made on the way; a <name> part is any
/// property).
json& node_at(json& node, const std::vector<std::string>& parts) {
    json* at = &node;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        if (parts[i] == "<name>") {
            if (!(*at)["additionalProperties"].is_object())
                (*at)["additionalProperties"] = object_schema();
            at = &(*at)["additionalProperties"];
        } else {
            auto& child = (*at)["properties"][parts[i]];
            if (child.is_null())
                child = object_schema();
            at = &child;
        }
    }
    return *at;
}

/// "# " + `text` indented by `depth` levels, as a commented YAML line.
std::string commented(std::size_t depth, const std::string& text) {
    return "# " + std::string(2 * depth, ' ') + text + "\n";
}

} // namespace

json config_json_schema() {
    json schema = object_schema();
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    schema["title"] = "Medic's configuration (.github/medic.yml)";
    schema["description"] = "Generated from Medic's key tables (medic init --schema).";
    for (auto const& key : config_keys()) {
        auto const parts = split(key.path, '.');
        auto& parent = node_at(schema, parts);
        json leaf = value_schema(key);
        leaf["description"] = key.doc;
        if (auto const value = default_of(key))
            leaf["default"] = *value;
        if (parts.back() == "<name>")
            parent["additionalProperties"] = leaf;
        else
            parent["properties"][parts.back()] = leaf;
    }
    schema["required"] = {"version"};
    schema["properties"]["version"]["const"] = 1;
    return schema;
}

std::string starter_config() {
    std::string out =
        "# Medic's configuration (medic init --config). Every key is shown with its default,\n"
        "# commented out: uncomment what you change. Medic's JSON Schema for this file:\n"
        "# medic init --schema (docs/schema/config.v1.schema.json in Medic's repository).\n"
        "version: 1\n";
    std::vector<std::string> open; // the sections the previous key was in
    for (auto const& key : config_keys()) {
        if (key.path == "version")
            continue;
        auto const parts = split(key.path, '.');
        std::size_t same = 0;
        while (same < open.size() && same + 1 < parts.size() && open[same] == parts[same])
            ++same;
        if (same == 0)
            out += "#\n";
        for (std::size_t i = same; i + 1 < parts.size(); ++i)
            out += commented(i, (parts[i] == "<name>" ? "\"<name>\"" : parts[i]) + ":");
        open.assign(parts.begin(), parts.end() - 1);
        auto const name = parts.back() == "<name>" ? std::string("\"<name>\"") : parts.back();
        auto const value = key.default_text.empty() ? std::string() : " " + spelled_default(key);
        out += commented(parts.size() - 1, name + ":" + value + "   # " + key.doc);
    }
    return out;
}

} // namespace medic
