#include "bot/config/config_loader.hpp"

#include "bot/config/config_sections.hpp"
#include "bot/config/yaml_fields.hpp"
#include "bot/model/text_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <yaml-cpp/yaml.h>

namespace medic {
namespace {

using namespace config_detail;

/// "p95" -> 0.95, "p99.9" -> 0.999, "max" -> 1.
std::optional<double> parse_quantile_name(const std::string& name) {
    if (name == "max")
        return 1.0;
    if (name.size() < 2 || name[0] != 'p')
        return std::nullopt;
    char* end = nullptr;
    double const percent = std::strtod(name.c_str() + 1, &end);
    if (*end != '\0' || percent <= 0 || percent > 100)
        return std::nullopt;
    return percent / 100.0;
}

LatencyBudget read_budget(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap() || node.size() != 1)
        reject(node, path, "expected one quantile and a limit, e.g. {p95: 4.0}");
    auto const entry = *node.begin();
    auto const quantile = parse_quantile_name(entry.first.as<std::string>());
    if (!quantile)
        reject(node, path,
               "'" + entry.first.as<std::string>() + "' is not a quantile (p50, p95, p99.9, max)");
    auto const limit = read_as<double>(entry.second, path);
    if (limit <= 0)
        reject(node, path, "the limit must be a positive number of milliseconds");
    return {*quantile, limit};
}

void read_handlers(const YAML::Node& node, MedicConfig& config) {
    if (!node.IsMap())
        reject(node, "handlers", "expected a mapping of handler names to settings");
    for (auto const& entry : node) {
        auto const path = "handlers." + entry.first.as<std::string>();
        check_keys(entry.second, path, {"budget_ms", "error_rate_budget"}, config);
        HandlerConfig handler;
        if (entry.second["budget_ms"])
            handler.budget = read_budget(entry.second["budget_ms"], path + ".budget_ms");
        if (entry.second["error_rate_budget"]) {
            double rate = 0;
            assign_share(entry.second, path, "error_rate_budget", rate);
            handler.error_rate_budget = rate;
        }
        config.handlers[entry.first.as<std::string>()] = handler;
    }
}

void read_sequences(const YAML::Node& node, MedicConfig& config) {
    if (!node.IsMap())
        reject(node, "sequences", "expected a mapping of sequence names to handler lists");
    for (auto const& entry : node) {
        auto const path = "sequences." + entry.first.as<std::string>();
        auto steps = read_as<std::vector<std::string>>(entry.second, path);
        if (steps.size() < 2)
            reject(entry.second, path, "a sequence needs at least two steps");
        config.sequences[entry.first.as<std::string>()] = std::move(steps);
    }
}

/// Reads `section` of `parent` through its table when it is there.
template <typename Section>
void read_optional(const YAML::Node& parent, const char* name, std::string_view path,
                   std::span<const KeySpec<Section>> keys, Section& out, MedicConfig& config,
                   std::vector<std::string_view> subsections = {}) {
    if (auto const node = parent[name])
        read_section(node, path, keys, out, config, std::move(subsections));
}

void read_detect(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "detect", {"slow", "trend", "misordered", "errors", "untested"}, config);
    auto& detect = config.detect;
    read_optional(node, "slow", "detect.slow", slow_keys(), detect.slow, config);
    read_optional(node, "trend", "detect.trend", trend_keys(), detect.trend, config);
    read_optional(node, "misordered", "detect.misordered", misordered_keys(), detect.misordered,
                  config);
    read_optional(node, "untested", "detect.untested", untested_keys(), detect.untested, config);
    read_optional(node, "errors", "detect.errors", errors_keys(), detect.errors, config);
}

void read_publish(const YAML::Node& node, MedicConfig& config) {
    auto& publish = config.publish;
    read_section(node, "publish", publish_keys(), publish, config, {"auto_merge"});
    read_optional(node, "auto_merge", "publish.auto_merge", auto_merge_keys(), publish.auto_merge,
                  config);
    auto const& go_ahead = publish.auto_merge.label;
    if (!go_ahead.empty() && std::ranges::find(publish.labels, go_ahead) != publish.labels.end())
        reject(node["auto_merge"], "publish.auto_merge.label",
               "'" + go_ahead +
                   "' is also in publish.labels: Medic would give itself the go-ahead");
}

void read_server(const YAML::Node& node, MedicConfig& config) {
    read_section(node, "server", server_keys(), config.server, config, {"repositories"});
    auto const repositories = node["repositories"];
    if (!repositories)
        return;
    if (!repositories.IsMap())
        reject(repositories, "server.repositories", "expected a mapping of owner/name to settings");
    for (auto const& entry : repositories) {
        auto const name = entry.first.as<std::string>();
        auto const path = "server.repositories." + name;
        auto const slash = name.find('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 == name.size() ||
            name.find('/', slash + 1) != std::string::npos)
            reject(entry.first, path, "'" + name + "' is not owner/name, e.g. acme/shop");
        read_section(entry.second, path, served_repository_keys(), config.server.repositories[name],
                     config);
    }
}

MedicConfig read_root(const YAML::Node& root) {
    MedicConfig config;
    if (root.IsNull())
        return config; // an empty file means "all defaults"
    check_keys(root, "",
               {"version", "telemetry", "handlers", "sequences", "detect", "code", "fix", "llm",
                "harness", "generate", "validate", "publish", "github", "server"},
               config);
    assign(root, "", "version", config.version);
    if (config.version != 1)
        reject(root["version"], "version", "this Medic reads version 1 configuration files");
    read_optional(root, "telemetry", "telemetry", telemetry_keys(), config.telemetry, config);
    if (root["handlers"])
        read_handlers(root["handlers"], config);
    if (root["sequences"])
        read_sequences(root["sequences"], config);
    if (root["detect"])
        read_detect(root["detect"], config);
    read_optional(root, "code", "code", code_keys(), config.code, config);
    read_optional(root, "fix", "fix", fix_keys(), config.fix, config);
    read_optional(root, "llm", "llm", llm_keys(), config.llm, config);
    read_optional(root, "harness", "harness", harness_keys(), config.harness, config);
    read_optional(root, "generate", "generate", generate_keys(), config.generate, config);
    read_optional(root, "validate", "validate", validate_keys(), config.validate, config);
    if (root["publish"])
        read_publish(root["publish"], config);
    read_optional(root, "github", "github", github_keys(), config.github, config);
    if (root["server"])
        read_server(root["server"], config);
    return config;
}

} // namespace

Result<MedicConfig> parse_config(std::string_view yaml_text, std::string_view origin) {
    try {
        return read_root(YAML::Load(std::string(yaml_text)));
    } catch (const ConfigError& error) {
        return fail(ErrorCode::invalid_input, std::string(origin) + ": " + error.message);
    } catch (const YAML::Exception& error) {
        return fail(ErrorCode::invalid_input,
                    std::string(origin) + ": not valid YAML: " + error.what());
    }
}

Result<MedicConfig> load_config(const std::filesystem::path& path) {
    auto text = read_text_file(path);
    if (!text)
        return fail(ErrorCode::not_found,
                    path.string() + ": cannot read the configuration file (does it exist?)");
    return parse_config(*text, path.string());
}

} // namespace medic
