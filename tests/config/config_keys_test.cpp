// Every medic.yml key is declared once, in bot/config's tables: each has a line of documentation,
// its default spelled as a file would spell it reads back as that default, and the README's
// configuration section shows every key and nothing the loader does not know.

#include "bot/config/config_keys.hpp"
#include "bot/config/config_loader.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace medic {
namespace {

/// `path: value` as nested YAML mappings.
std::string yaml_setting(const std::string& path, const std::string& value) {
    auto const parts = split(path, '.');
    std::string yaml;
    for (std::size_t i = 0; i < parts.size(); ++i)
        yaml += std::string(2 * i, ' ') + parts[i] + ":" + (i + 1 < parts.size() ? "\n" : "");
    return yaml + " " + value + "\n";
}

TEST(ConfigKeys, EveryKeyIsDocumentedOnceInFileOrder) {
    auto const keys = config_keys();
    ASSERT_GT(keys.size(), 80u);
    std::set<std::string> seen;
    for (auto const& key : keys) {
        EXPECT_TRUE(seen.insert(key.path).second) << key.path << " is declared twice";
        EXPECT_FALSE(key.doc.empty()) << key.path << " has no documentation";
    }
    EXPECT_EQ(keys.front().path, "version");
    EXPECT_EQ(keys[1].path, "telemetry.window");
    EXPECT_EQ(keys[1].default_text, "10m");
}

TEST(ConfigKeys, EveryDefaultReadsBackAsTheDefault) {
    auto const defaults = nlohmann::json(MedicConfig{});
    for (auto const& key : config_keys()) {
        if (key.default_text.empty() || key.path.find("<name>") != std::string::npos)
            continue; // a key under a name the user chooses
        auto const yaml = yaml_setting(key.path, spelled_default(key));
        auto const config = parse_config(yaml, "defaults.yml");
        ASSERT_TRUE(config) << yaml << config.error().message;
        EXPECT_TRUE(config->warnings.empty()) << yaml << config->warnings.front();
        EXPECT_EQ(nlohmann::json(*config), defaults) << yaml;
    }
}

TEST(ConfigKeys, AChangedValueIsReadIntoItsKey) {
    auto const config = parse_config(yaml_setting("llm.timeout", "90s") +
                                         yaml_setting("validate.memory_limit", "512MiB"),
                                     "medic.yml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_DOUBLE_EQ(config->llm.timeout_s, 90);
    EXPECT_EQ(config->validate.memory_limit_bytes, 512u << 20);
}

/// The YAML documents of the README's "Configuration" section.
std::vector<std::string> readme_configuration_documents() {
    auto const readme = test::read_file(test::source_root() / "README.md");
    auto const start = readme.find("\n## Configuration");
    auto const end = readme.find("\n## ", start + 1);
    std::vector<std::string> documents;
    auto const section = readme.substr(start, end - start);
    for (std::size_t at = section.find("```yaml\n"); at != std::string::npos;
         at = section.find("```yaml\n", at)) {
        auto const body = at + 8;
        auto const close = section.find("```", body);
        std::string const block = section.substr(body, close - body);
        std::size_t from = 0;
        for (std::size_t split; (split = block.find("\n---\n", from)) != std::string::npos;
             from = split + 5)
            documents.push_back(block.substr(from, split - from + 1));
        documents.push_back(block.substr(from));
        at = close + 3;
    }
    return documents;
}

/// Whether `node` has `parts` ("<name>": any one child).
bool has_path(const YAML::Node& node, const std::vector<std::string>& parts, std::size_t at = 0) {
    if (at == parts.size())
        return true;
    if (!node.IsMap())
        return false;
    if (parts[at].starts_with("<")) {
        for (auto const& child : node)
            if (has_path(child.second, parts, at + 1))
                return true;
        return false;
    }
    auto const child = node[parts[at]];
    return child && has_path(child, parts, at + 1);
}

TEST(ConfigKeys, TheReadmeShowsEveryKeyAndOnlyKnownOnes) {
    auto const documents = readme_configuration_documents();
    ASSERT_GE(documents.size(), 2u);
    std::vector<YAML::Node> parsed;
    for (auto const& document : documents) {
        auto const config = parse_config(document, "README.md");
        ASSERT_TRUE(config) << config.error().message;
        EXPECT_THAT(config->warnings, ::testing::IsEmpty()) << document;
        parsed.push_back(YAML::Load(document));
    }
    for (auto const& key : config_keys()) {
        bool const shown = std::ranges::any_of(
            parsed, [&](const YAML::Node& node) { return has_path(node, split(key.path, '.')); });
        EXPECT_TRUE(shown) << key.path << " is missing from the README's configuration section";
    }
}

} // namespace
} // namespace medic
