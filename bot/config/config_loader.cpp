#include "bot/config/config_loader.hpp"

#include "bot/config/pipeline_sections.hpp"
#include "bot/config/yaml_fields.hpp"

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace medic {
namespace {

using namespace config_detail;

void read_telemetry(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "telemetry",
               {"window", "max_windows", "reservoir", "max_duration", "max_open_runs",
                "run_idle_timeout", "max_error_templates", "max_handlers", "text_log_pattern",
                "redact"},
               config);
    auto& out = config.telemetry;
    assign_duration(node, "telemetry", "window", out.window_ms);
    assign(node, "telemetry", "max_windows", out.max_windows);
    if (out.max_windows < 1)
        reject(node["max_windows"], "telemetry.max_windows", "must be at least 1");
    assign(node, "telemetry", "reservoir", out.reservoir_size);
    assign_duration(node, "telemetry", "max_duration", out.max_duration_ms);
    assign(node, "telemetry", "max_open_runs", out.max_open_runs);
    assign_duration(node, "telemetry", "run_idle_timeout", out.run_idle_timeout_ms);
    assign(node, "telemetry", "max_error_templates", out.max_error_templates);
    assign(node, "telemetry", "max_handlers", out.max_handlers);
    assign(node, "telemetry", "text_log_pattern", out.text_log_pattern);
    assign(node, "telemetry", "redact", out.redact_patterns);
}

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

void read_detect(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "detect", {"slow", "trend", "misordered", "errors", "untested"}, config);
    auto& d = config.detect;
    if (auto const n = node["slow"]) {
        check_keys(n, "detect.slow",
                   {"alpha", "min_regression", "min_count", "min_benchmark_repetitions"}, config);
        assign_share(n, "detect.slow", "alpha", d.slow.alpha);
        assign(n, "detect.slow", "min_regression", d.slow.min_regression);
        assign(n, "detect.slow", "min_count", d.slow.min_count);
        assign(n, "detect.slow", "min_benchmark_repetitions", d.slow.min_benchmark_repetitions);
    }
    if (auto const n = node["trend"]) {
        check_keys(n, "detect.trend", {"horizon", "alpha", "min_windows", "min_window_count"},
                   config);
        assign_duration(n, "detect.trend", "horizon", d.trend.horizon_ms);
        assign_share(n, "detect.trend", "alpha", d.trend.alpha);
        assign(n, "detect.trend", "min_windows", d.trend.min_windows);
        assign(n, "detect.trend", "min_window_count", d.trend.min_window_count);
    }
    if (auto const n = node["misordered"]) {
        check_keys(n, "detect.misordered", {"min_runs", "majority_share", "min_deviation_share"},
                   config);
        assign(n, "detect.misordered", "min_runs", d.misordered.min_runs);
        assign_share(n, "detect.misordered", "majority_share", d.misordered.majority_share);
        assign_share(n, "detect.misordered", "min_deviation_share",
                     d.misordered.min_deviation_share);
    }
    if (auto const n = node["untested"]) {
        check_keys(n, "detect.untested", {"min_share", "min_count"}, config);
        assign_share(n, "detect.untested", "min_share", d.untested.min_share);
        assign(n, "detect.untested", "min_count", d.untested.min_count);
    }
    if (auto const n = node["errors"]) {
        check_keys(n, "detect.errors", {"rate_budget", "alpha", "min_count", "min_spike_ratio"},
                   config);
        assign_share(n, "detect.errors", "rate_budget", d.errors.rate_budget);
        assign_share(n, "detect.errors", "alpha", d.errors.alpha);
        assign(n, "detect.errors", "min_count", d.errors.min_count);
        assign(n, "detect.errors", "min_spike_ratio", d.errors.min_spike_ratio);
    }
}

void read_code(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "code", {"vendored"}, config);
    assign(node, "code", "vendored", config.code.vendored);
}

void read_fix(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "fix", {"strategies", "allowed_paths"}, config);
    assign(node, "fix", "strategies", config.fix.strategies);
    for (auto const& strategy : config.fix.strategies)
        if (strategy != "rules" && strategy != "llm")
            reject(node["strategies"], "fix.strategies",
                   "unknown strategy '" + strategy + "' (use rules and/or llm)");
    assign(node, "fix", "allowed_paths", config.fix.allowed_paths);
}

void read_llm(const YAML::Node& node, MedicConfig& config) {
    check_keys(node, "llm",
               {"provider", "base_url", "model", "api_key_env", "timeout", "max_retries", "backoff",
                "max_backoff", "max_tokens_per_run", "max_output_tokens", "temperature",
                "max_attempts"},
               config);
    auto& llm = config.llm;
    assign(node, "llm", "provider", llm.provider);
    if (llm.provider != "openai" && llm.provider != "anthropic")
        reject(node["provider"], "llm.provider",
               "unknown provider '" + llm.provider +
                   "' (openai: any Chat Completions endpoint; anthropic: Messages)");
    assign(node, "llm", "base_url", llm.base_url);
    assign(node, "llm", "model", llm.model);
    assign(node, "llm", "api_key_env", llm.api_key_env);
    std::int64_t ms = 0;
    for (auto [key, seconds] : {std::pair{"timeout", &llm.timeout_s},
                                {"backoff", &llm.backoff_s},
                                {"max_backoff", &llm.max_backoff_s}}) {
        ms = static_cast<std::int64_t>(*seconds * 1000);
        assign_duration(node, "llm", key, ms);
        *seconds = static_cast<double>(ms) / 1000;
    }
    assign(node, "llm", "max_retries", llm.max_retries);
    assign(node, "llm", "max_tokens_per_run", llm.max_tokens_per_run);
    assign(node, "llm", "max_output_tokens", llm.max_output_tokens);
    assign(node, "llm", "temperature", llm.temperature);
    assign(node, "llm", "max_attempts", llm.max_attempts);
    if (llm.max_attempts == 0)
        reject(node["max_attempts"], "llm.max_attempts", "must be at least 1");
}

MedicConfig read_root(const YAML::Node& root) {
    MedicConfig config;
    if (root.IsNull())
        return config; // an empty file means "all defaults"
    check_keys(root, "",
               {"version", "telemetry", "handlers", "sequences", "detect", "code", "fix", "llm",
                "harness", "generate", "validate", "publish", "github"},
               config);
    assign(root, "", "version", config.version);
    if (config.version != 1)
        reject(root["version"], "version", "this Medic reads version 1 configuration files");
    if (root["telemetry"])
        read_telemetry(root["telemetry"], config);
    if (root["handlers"])
        read_handlers(root["handlers"], config);
    if (root["sequences"])
        read_sequences(root["sequences"], config);
    if (root["detect"])
        read_detect(root["detect"], config);
    if (root["code"])
        read_code(root["code"], config);
    if (root["fix"])
        read_fix(root["fix"], config);
    if (root["llm"])
        read_llm(root["llm"], config);
    read_pipeline_sections(root, config);
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
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::not_found,
                    path.string() + ": cannot read the configuration file (does it exist?)");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path.string());
}

} // namespace medic
