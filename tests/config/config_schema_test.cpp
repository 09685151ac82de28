// The configuration's JSON Schema and the starter file are made from the key tables: the schema
// kept in docs/schema is the one this Medic writes, each choice key names exactly words the
// loader accepts, and the starter file loads — as written, and with every key uncommented.

#include "bot/config/config_keys.hpp"
#include "bot/config/config_loader.hpp"
#include "bot/config/config_schema.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace medic {
namespace {

TEST(ConfigSchema, TheKeptSchemaIsTheOneThisMedicWrites) {
    auto const kept = test::read_file(test::source_root() / "docs/schema/config.v1.schema.json");
    EXPECT_EQ(kept, config_json_schema().dump(2) + "\n")
        << "docs/schema/config.v1.schema.json is stale: medic init --schema > "
           "docs/schema/config.v1.schema.json";
}

TEST(ConfigSchema, EveryKeyHasItsPlaceAndEveryChoiceItsWords) {
    auto const schema = config_json_schema();
    auto const& publish = schema["properties"]["publish"];
    EXPECT_EQ(publish["properties"]["mode"]["enum"], nlohmann::json({"local", "github", "none"}));
    EXPECT_EQ(publish["properties"]["auto_merge"]["properties"]["max_diff_lines"]["type"],
              "integer");
    EXPECT_EQ(schema["properties"]["handlers"]["additionalProperties"]["properties"]
                    ["error_rate_budget"]["maximum"],
              1);
    EXPECT_EQ(schema["properties"]["sequences"]["additionalProperties"]["type"], "array");
    EXPECT_EQ(schema["properties"]["telemetry"]["properties"]["window"]["default"], "10m");
    for (auto const& key : config_keys()) {
        if (key.kind != KeyKind::choice)
            continue;
        ASSERT_FALSE(key.choices.empty()) << key.path << " names no words";
        auto const names = split(key.path, '.');
        std::string yaml;
        for (std::size_t i = 0; i + 1 < names.size(); ++i)
            yaml += std::string(2 * i, ' ') + names[i] + ":\n";
        auto const line = std::string(2 * (names.size() - 1), ' ') + names.back() + ": ";
        for (auto const& word : key.choices) {
            auto const config = parse_config(yaml + line + word + "\n", "choice.yml");
            ASSERT_TRUE(config) << key.path << ": " << word << ": " << config.error().message;
            EXPECT_TRUE(config->warnings.empty()) << key.path << ": " << word;
        }
        EXPECT_FALSE(parse_config(yaml + line + "sideways\n", "choice.yml")) << key.path;
    }
}

/// One commented line of the starter: its indentation, and whether it is a key with a value
/// or a section (a key with nothing after its colon).
struct StarterLine {
    std::string text;
    std::size_t indent = 0;
    bool value = false;
    bool section = false;
};

StarterLine starter_line(const std::string& body) {
    StarterLine line{body, body.find_first_not_of(' '), false, false};
    auto const colon = body.find(':');
    if (colon == std::string::npos || line.indent == std::string::npos)
        return line;
    auto const after = body.find_first_not_of(' ', colon + 1);
    line.section = after == std::string::npos;
    line.value = after != std::string::npos && body[after] != '#';
    return line;
}

/// The starter with every key that has a default uncommented, and the sections holding one;
/// keys under a "<name>" (the user names them) stay out.
std::string uncommented(const std::string& starter) {
    std::stringstream in(starter);
    std::vector<StarterLine> lines;
    std::string out;
    bool keys = false; // past the header, at version: 1
    for (std::string text; std::getline(in, text);) {
        keys = keys || text == "version: 1";
        if (keys && text.starts_with("# ") && text.find(':') != std::string::npos)
            lines.push_back(starter_line(text.substr(2)));
        else if (!text.starts_with("#"))
            out += text + "\n";
    }
    std::vector<bool> keep(lines.size(), false);
    std::size_t named_indent = std::string::npos;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (named_indent != std::string::npos && lines[i].indent <= named_indent)
            named_indent = std::string::npos;
        if (lines[i].text.find("\"<name>\"") != std::string::npos)
            named_indent = lines[i].indent;
        keep[i] = named_indent == std::string::npos && lines[i].value;
    }
    for (std::size_t i = lines.size(); i-- > 0;) // a section is kept when a key under it is
        for (std::size_t j = i + 1;
             lines[i].section && j < lines.size() && lines[j].indent > lines[i].indent; ++j)
            keep[i] = keep[i] || keep[j];
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (keep[i])
            out += lines[i].text + "\n";
    return out;
}

TEST(ConfigSchema, TheStarterLoadsAsWrittenAndWithEveryKeyUncommented) {
    auto const starter = starter_config();
    auto const as_written = parse_config(starter, "medic.yml");
    ASSERT_TRUE(as_written) << as_written.error().message;
    EXPECT_TRUE(as_written->warnings.empty()) << as_written->warnings.front();
    auto const every_key = uncommented(starter);
    auto const loaded = parse_config(every_key, "medic.yml");
    ASSERT_TRUE(loaded) << loaded.error().message << "\n" << every_key;
    EXPECT_TRUE(loaded->warnings.empty()) << loaded->warnings.front();
    EXPECT_EQ(nlohmann::json(*loaded), nlohmann::json(MedicConfig{})) << every_key;
    EXPECT_NE(every_key.find("  auto_merge:\n"), std::string::npos) << every_key;
}

} // namespace
} // namespace medic
