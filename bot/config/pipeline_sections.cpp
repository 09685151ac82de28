#include "bot/config/pipeline_sections.hpp"

#include "bot/config/yaml_fields.hpp"

#include <cctype>
#include <cmath>
#include <optional>

namespace medic {
namespace {

using namespace config_detail;

/// "4GiB", "512MiB", "1G", "2048" (bytes) -> bytes.
std::optional<std::uint64_t> parse_bytes(const std::string& text) {
    char* end = nullptr;
    double const number = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || number < 0)
        return std::nullopt;
    std::string unit(end);
    std::erase_if(unit, [](unsigned char c) { return std::isspace(c); });
    static const std::pair<std::string_view, double> k_units[] = {{"", 1},
                                                                  {"B", 1},
                                                                  {"K", 1e3},
                                                                  {"KB", 1e3},
                                                                  {"KiB", 1024.0},
                                                                  {"M", 1e6},
                                                                  {"MB", 1e6},
                                                                  {"MiB", 1 << 20},
                                                                  {"G", 1e9},
                                                                  {"GB", 1e9},
                                                                  {"GiB", 1 << 30},
                                                                  {"T", 1e12},
                                                                  {"TiB", 1099511627776.0}};
    for (auto const& [name, factor] : k_units)
        if (unit == name)
            return static_cast<std::uint64_t>(std::llround(number * factor));
    return std::nullopt;
}

void read_harness(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "harness", {"header", "target"}, config);
    assign(node, "harness", "header", config.harness.header);
    assign(node, "harness", "target", config.harness.target);
}

/// A repository-relative folder: no absolute path, no "..", no ".git".
void check_relative_dir(const YAML::Node& node, const std::string& path, const std::string& dir) {
    if (dir.empty() || dir.front() == '/' || dir.find("..") != std::string::npos ||
        dir.starts_with(".git/") || dir == ".git")
        reject(node, path, "must be a folder inside the repository, e.g. tests/medic");
}

void read_generate(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "generate", {"tests_dir", "docs_dir", "changelog"}, config);
    auto& out = config.generate;
    assign(node, "generate", "tests_dir", out.tests_dir);
    check_relative_dir(node["tests_dir"], "generate.tests_dir", out.tests_dir);
    assign(node, "generate", "docs_dir", out.docs_dir);
    check_relative_dir(node["docs_dir"], "generate.docs_dir", out.docs_dir);
    assign(node, "generate", "changelog", out.changelog);
}

void read_validate_numbers(const YAML::Node& node, ValidateConfig& out) {
    assign(node, "validate", "runs", out.runs);
    if (out.runs < 5)
        reject(node["runs"], "validate.runs",
               "at least 5 runs are needed for a p-value below 0.01");
    assign(node, "validate", "flaky_runs", out.flaky_runs);
    if (out.flaky_runs == 0)
        reject(node["flaky_runs"], "validate.flaky_runs", "must be at least 1");
    assign(node, "validate", "min_speedup", out.min_speedup);
    if (out.min_speedup < 0)
        reject(node["min_speedup"], "validate.min_speedup", "must be 0 or more (0.10: 10 %)");
    assign_share(node, "validate", "alpha", out.alpha);
    assign(node, "validate", "benchmark_min_time", out.benchmark_min_time_s);
    assign(node, "validate", "jobs", out.jobs);
    assign(node, "validate", "network", out.network);
}

void read_validate(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "validate",
               {"configure", "build", "test", "tests_binary", "benchmark_binary", "runs",
                "flaky_runs", "min_speedup", "alpha", "benchmark_min_time", "timeout",
                "memory_limit", "network", "jobs"},
               config);
    auto& out = config.validate;
    for (auto [key, command] : {std::pair{"configure", &out.configure},
                                {"build", &out.build},
                                {"test", &out.test},
                                {"tests_binary", &out.tests_binary},
                                {"benchmark_binary", &out.benchmark_binary}})
        assign(node, "validate", key, *command);
    read_validate_numbers(node, out);
    assign_duration(node, "validate", "timeout", out.timeout_ms);
    if (auto const limit = node["memory_limit"]) {
        auto const bytes = parse_bytes(read_as<std::string>(limit, "validate.memory_limit"));
        if (!bytes)
            reject(limit, "validate.memory_limit", "not a size (e.g. 4GiB, 512MiB; 0: no limit)");
        out.memory_limit_bytes = *bytes;
    }
}

void read_auto_merge(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "publish.auto_merge",
               {"enabled", "strategies", "max_diff_lines", "label", "method"}, config);
    auto& out = config.publish.auto_merge;
    assign(node, "publish.auto_merge", "enabled", out.enabled);
    assign(node, "publish.auto_merge", "strategies", out.strategies);
    for (auto const& strategy : out.strategies)
        if (strategy != "rules" && strategy != "llm")
            reject(node["strategies"], "publish.auto_merge.strategies",
                   "unknown strategy '" + strategy + "' (rules, llm)");
    assign(node, "publish.auto_merge", "max_diff_lines", out.max_diff_lines);
    assign(node, "publish.auto_merge", "label", out.label);
    assign(node, "publish.auto_merge", "method", out.method);
    if (out.method != "merge" && out.method != "squash" && out.method != "rebase")
        reject(node["method"], "publish.auto_merge.method", "must be merge, squash or rebase");
}

void read_publish_limits(const YAML::Node& node, PublishConfig& out) {
    assign(node, "publish", "max_open_prs", out.max_open_prs);
    if (out.max_open_prs < 0)
        reject(node["max_open_prs"], "publish.max_open_prs", "must be 0 or more");
    assign(node, "publish", "max_new_per_hour", out.max_new_per_hour);
    if (out.max_new_per_hour < 0)
        reject(node["max_new_per_hour"], "publish.max_new_per_hour", "must be 0 or more");
}

void read_publish(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "publish",
               {"mode", "remote", "author_name", "author_email", "labels",
                "reviewers_from_codeowners", "check_run", "draft_partial", "max_open_prs",
                "max_new_per_hour", "auto_merge"},
               config);
    auto& out = config.publish;
    std::string mode(to_string(out.mode));
    assign(node, "publish", "mode", mode);
    if (auto const parsed = parse_publish_mode(mode))
        out.mode = *parsed;
    else
        reject(node["mode"], "publish.mode",
               "unknown mode '" + mode +
                   "' (local: push branches to a git remote; github: pull requests; none)");
    assign(node, "publish", "remote", out.remote);
    assign(node, "publish", "author_name", out.author_name);
    assign(node, "publish", "author_email", out.author_email);
    assign(node, "publish", "labels", out.labels);
    assign(node, "publish", "reviewers_from_codeowners", out.reviewers_from_codeowners);
    assign(node, "publish", "check_run", out.check_run);
    assign(node, "publish", "draft_partial", out.draft_partial);
    read_publish_limits(node, out);
    if (node["auto_merge"])
        read_auto_merge(node["auto_merge"], config);
    auto const& go_ahead = out.auto_merge.label;
    if (!go_ahead.empty() && std::ranges::find(out.labels, go_ahead) != out.labels.end())
        reject(node["auto_merge"], "publish.auto_merge.label",
               "'" + go_ahead +
                   "' is also in publish.labels: Medic would give itself the go-ahead");
}

void read_github(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "github",
               {"api_url", "repository", "token_env", "app_id", "private_key_file",
                "private_key_env", "installation_id", "ca_file"},
               config);
    auto& out = config.github;
    assign(node, "github", "api_url", out.api_url);
    if (!out.api_url.starts_with("https://") && !out.api_url.starts_with("http://"))
        reject(node["api_url"], "github.api_url",
               "must be an http(s) URL (https://api.github.com, or https://HOST/api/v3)");
    assign(node, "github", "repository", out.repository);
    if (!out.repository.empty() && out.repository.find('/') == std::string::npos)
        reject(node["repository"], "github.repository", "must be owner/name, e.g. acme/shop");
    assign(node, "github", "token_env", out.token_env);
    assign(node, "github", "app_id", out.app_id);
    assign(node, "github", "private_key_file", out.private_key_file);
    assign(node, "github", "private_key_env", out.private_key_env);
    assign(node, "github", "installation_id", out.installation_id);
    assign(node, "github", "ca_file", out.ca_file);
}

} // namespace

void read_pipeline_sections(const YAML::Node& root, MedicConfig& config) {
    if (root["harness"])
        read_harness(root["harness"], config);
    if (root["generate"])
        read_generate(root["generate"], config);
    if (root["validate"])
        read_validate(root["validate"], config);
    if (root["publish"])
        read_publish(root["publish"], config);
    if (root["github"])
        read_github(root["github"], config);
}

} // namespace medic
