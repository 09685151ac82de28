#include "bot/config/config_sections.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <optional>

namespace medic::config_detail {
namespace {

using K = KeyKind;

std::string at_least_one(std::size_t value) {
    return value < 1 ? "must be at least 1" : "";
}

/// A list of strategies (rules, llm), in the order given.
template <auto Member>
void read_strategies(const YAML::Node& node, std::string_view path, const char* name,
                     typename MemberOf<decltype(Member)>::section& out) {
    auto const list = node[name];
    if (!list)
        return;
    auto const full = std::string(path) + "." + name;
    auto& strategies = out.*Member;
    strategies.clear();
    for (auto const& text : read_as<std::vector<std::string>>(list, full)) {
        auto const strategy = parse_configurable_strategy(text);
        if (!strategy)
            reject(list, full, "unknown strategy '" + text + "' (use rules and/or llm)");
        strategies.push_back(*strategy);
    }
}

template <auto Member>
std::string spell_strategies() {
    typename MemberOf<decltype(Member)>::section const defaults{};
    std::vector<std::string> names;
    for (auto const strategy : defaults.*Member)
        names.emplace_back(to_string(strategy));
    return spell_texts(names);
}

/// The table entry of a list of strategies.
template <auto Member>
KeySpec<typename MemberOf<decltype(Member)>::section> strategies_key(std::string_view name,
                                                                     std::string_view doc) {
    return {name, KeyKind::texts, doc, read_strategies<Member>, spell_strategies<Member>};
}

/// A repository-relative folder: no absolute path, no "..", no ".git".
std::string relative_dir(const std::string& dir) {
    if (dir.empty() || dir.front() == '/' || dir.find("..") != std::string::npos ||
        dir.starts_with(".git/") || dir == ".git")
        return "must be a folder inside the repository, e.g. tests/medic";
    return "";
}

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

/// A size key (4GiB, 512MiB; 0 where the key allows none) into a byte count.
template <auto Member>
void read_size(const YAML::Node& node, std::string_view path, const char* name,
               typename MemberOf<decltype(Member)>::section& out) {
    auto const limit = node[name];
    if (!limit)
        return;
    auto const full = std::string(path) + "." + name;
    auto const bytes = parse_bytes(read_as<std::string>(limit, full));
    if (!bytes)
        reject(limit, full, "not a size (e.g. 4GiB, 512MiB)");
    out.*Member = *bytes;
}

/// The table entry of a size.
template <auto Member>
KeySpec<typename MemberOf<decltype(Member)>::section> size_key(std::string_view name,
                                                               std::string_view doc) {
    return {name, KeyKind::size, doc, read_size<Member>,
            [] { return spell_size(typename MemberOf<decltype(Member)>::section{}.*Member); }};
}

void read_publish_mode(const YAML::Node& node, std::string_view path, const char* name,
                       PublishConfig& out) {
    std::string mode(to_string(out.mode));
    assign(node, path, name, mode);
    if (auto const parsed = parse_publish_mode(mode))
        out.mode = *parsed;
    else
        reject(node[name], std::string(path) + "." + name,
               "unknown mode '" + mode +
                   "' (local: push branches to a git remote; github: pull requests; none)");
}

const std::array k_telemetry{
    key<&TelemetryConfig::window_ms, K::duration>(
        "window", "width of per-window statistics (doubles past max_windows)"),
    key<&TelemetryConfig::max_windows, K::whole>(
        "max_windows", "windows kept before they double in width",
        [](const TelemetryConfig& c) { return at_least_one(c.max_windows); }),
    key<&TelemetryConfig::reservoir_size, K::whole>("reservoir", "example inputs kept per handler"),
    key<&TelemetryConfig::max_duration_ms, K::duration>(
        "max_duration", "longer durations are malformed lines, not data"),
    key<&TelemetryConfig::max_open_runs, K::whole>(
        "max_open_runs", "sequence runs held open at most while streaming"),
    key<&TelemetryConfig::run_idle_timeout_ms, K::duration>(
        "run_idle_timeout", "a run closes when the input's clock is this far past its last step"),
    key<&TelemetryConfig::max_error_templates, K::whole>("max_error_templates",
                                                         "distinct error messages kept"),
    key<&TelemetryConfig::max_handlers, K::whole>(
        "max_handlers", "calls of handlers past this many distinct ones are malformed"),
    key<&TelemetryConfig::text_log_pattern, K::text>(
        "text_log_pattern", "RE2 pattern of a text log line (named groups ts, level, handler, "
                            "message)"),
    key<&TelemetryConfig::redact_patterns, K::texts>("redact", "extra RE2 patterns to hide"),
};

const std::array k_slow{
    key<&SlowDetectConfig::alpha, K::share>("alpha", "significance level of the regression test"),
    key<&SlowDetectConfig::min_regression, K::number>(
        "min_regression", "the median must rise by at least this share"),
    key<&SlowDetectConfig::min_count, K::whole>("min_count", "calls needed to judge a handler"),
    key<&SlowDetectConfig::min_benchmark_repetitions, K::whole>(
        "min_benchmark_repetitions", "below this a benchmark is judged by its budget only"),
};

const std::array k_trend{
    key<&TrendDetectConfig::horizon_ms, K::duration>(
        "horizon", "how far ahead a trend may cross the budget to be reported"),
    key<&TrendDetectConfig::alpha, K::share>("alpha", "significance level of Mann-Kendall"),
    key<&TrendDetectConfig::min_windows, K::whole>("min_windows", "windows needed for a trend"),
    key<&TrendDetectConfig::min_window_count, K::whole>("min_window_count",
                                                        "calls a window needs to count"),
};

const std::array k_misordered{
    key<&MisorderedDetectConfig::min_runs, K::whole>("min_runs", "runs needed for a sequence"),
    key<&MisorderedDetectConfig::majority_share, K::share>(
        "majority_share", "share of runs an order needs to count as the expected one"),
    key<&MisorderedDetectConfig::min_deviation_share, K::share>(
        "min_deviation_share", "share of runs that must deviate to report them"),
};

const std::array k_untested{
    key<&UntestedDetectConfig::min_share, K::share>("min_share",
                                                    "share of all calls that makes a handler hot"),
    key<&UntestedDetectConfig::min_count, K::whole>("min_count",
                                                    "calls that make a handler hot, at least"),
};

const std::array k_errors{
    key<&ErrorsDetectConfig::rate_budget, K::share>("rate_budget",
                                                    "error rate allowed without a budget"),
    key<&ErrorsDetectConfig::alpha, K::share>("alpha", "significance level of the rate tests"),
    key<&ErrorsDetectConfig::min_count, K::whole>("min_count", "calls needed to judge a handler"),
    key<&ErrorsDetectConfig::min_spike_ratio, K::number>(
        "min_spike_ratio", "a window's rate must be this many times the usual to be a spike"),
};

const std::array k_code{
    key<&CodeConfig::vendored, K::texts>(
        "vendored", "folders that are not the repository's code (build trees and git submodules "
                    "are never)"),
};

const std::array k_fix{
    strategies_key<&FixConfig::strategies>(
        "strategies", "tried in this order (rules, llm); medic fix --provider overrides"),
    key<&FixConfig::allowed_paths, K::texts>(
        "allowed_paths", "files, or folders ending in '/', every patch may also touch"),
};

const std::array k_llm{
    key<&LlmConfig::provider, K::choice>(
        "provider", "openai (any Chat Completions endpoint) or anthropic (Messages)",
        [](const LlmConfig& c) -> std::string {
            if (c.provider == "openai" || c.provider == "anthropic")
                return "";
            return "unknown provider '" + c.provider +
                   "' (openai: any Chat Completions endpoint; anthropic: Messages)";
        }),
    key<&LlmConfig::base_url, K::text>("base_url", "the endpoint's base URL"),
    key<&LlmConfig::model, K::text>("model", "the model to ask"),
    key<&LlmConfig::api_key_env, K::text>("api_key_env",
                                          "environment variable with the key; empty: no key"),
    key<&LlmConfig::timeout_s, K::duration>("timeout", "per request, connect included"),
    key<&LlmConfig::backoff_s, K::duration>("backoff", "first wait, doubling; Retry-After wins"),
    key<&LlmConfig::max_backoff_s, K::duration>("max_backoff", "longest single wait"),
    key<&LlmConfig::max_retries, K::whole>("max_retries", "for 429, 5xx and transport errors"),
    key<&LlmConfig::max_tokens_per_run, K::whole>("max_tokens_per_run",
                                                  "input + output tokens, all calls of a run"),
    key<&LlmConfig::max_output_tokens, K::whole>("max_output_tokens", "per answer"),
    key<&LlmConfig::temperature, K::number>("temperature", "sampling temperature"),
    key<&LlmConfig::max_attempts, K::whole>(
        "max_attempts", "drafts per anomaly when a diff is refused or does not apply",
        [](const LlmConfig& c) { return at_least_one(c.max_attempts); }),
};

const std::array k_harness{
    key<&HarnessConfig::header, K::text>("header", "as generated tests #include it"),
    key<&HarnessConfig::target, K::text>("target",
                                         "CMake target generated tests link; empty: none"),
};

const std::array k_generate{
    key<&GenerateConfig::tests_dir, K::text>(
        "tests_dir", "generated tests, benchmarks and their CMakeLists.txt",
        [](const GenerateConfig& c) { return relative_dir(c.tests_dir); }),
    key<&GenerateConfig::docs_dir, K::text>(
        "docs_dir", "one fix record per anomaly",
        [](const GenerateConfig& c) { return relative_dir(c.docs_dir); }),
    key<&GenerateConfig::changelog, K::text>("changelog", "gets an entry when the file exists"),
};

const std::array k_validate{
    key<&ValidateConfig::configure, K::text>("configure",
                                             "run by /bin/sh; {source} {build} are filled in"),
    key<&ValidateConfig::build, K::text>("build", "{build} {jobs} are filled in"),
    key<&ValidateConfig::test, K::text>("test", "the repository's own tests"),
    key<&ValidateConfig::tests_binary, K::text>("tests_binary", "the generated tests' binary"),
    key<&ValidateConfig::benchmark_binary, K::text>("benchmark_binary",
                                                    "the generated benchmarks' binary"),
    key<&ValidateConfig::runs, K::whole>(
        "runs", "benchmark runs per build, alternated (at least 5)",
        [](const ValidateConfig& c) -> std::string {
            return c.runs < 5 ? "at least 5 runs are needed for a p-value below 0.01" : "";
        }),
    key<&ValidateConfig::flaky_runs, K::whole>(
        "flaky_runs", "the generated tests must pass this many times in a row",
        [](const ValidateConfig& c) { return at_least_one(c.flaky_runs); }),
    key<&ValidateConfig::min_speedup, K::number>(
        "min_speedup", "a slow fix must be at least this much faster (0.10: 10 %)...",
        [](const ValidateConfig& c) -> std::string {
            return c.min_speedup < 0 ? "must be 0 or more (0.10: 10 %)" : "";
        }),
    key<&ValidateConfig::alpha, K::share>("alpha", "...with a Mann-Whitney U p-value below this"),
    key<&ValidateConfig::benchmark_min_time_s, K::number>("benchmark_min_time",
                                                          "seconds per benchmark run"),
    key<&ValidateConfig::jobs, K::whole>("jobs", "{jobs}; 0: one per core"),
    key<&ValidateConfig::network, K::flag>("network", "true: commands may use the network"),
    key<&ValidateConfig::timeout_ms, K::duration>("timeout", "per command"),
    size_key<&ValidateConfig::memory_limit_bytes>("memory_limit",
                                                  "address space per process (0: none)"),
};

const std::array k_publish{
    KeySpec<PublishConfig>{
        "mode", K::choice, "local: commit and push; github: pull requests too; none: only validate",
        read_publish_mode, [] { return std::string(to_string(PublishConfig{}.mode)); }},
    key<&PublishConfig::remote, K::text>(
        "remote", "URL or path; empty: origin (local) or the GitHub repository's URL"),
    key<&PublishConfig::author_name, K::text>("author_name", "the commits' author"),
    key<&PublishConfig::author_email, K::text>("author_email", "the commits' author's email"),
    key<&PublishConfig::labels, K::texts>("labels", "plus medic:<kind>; created when missing"),
    key<&PublishConfig::reviewers_from_codeowners, K::flag>(
        "reviewers_from_codeowners", "request reviews from the changed files' code owners"),
    key<&PublishConfig::check_run, K::flag>("check_run", "medic/validation (GitHub Apps only)"),
    key<&PublishConfig::draft_partial, K::flag>(
        "draft_partial", "draft PRs for fixes that pass every test but not the speed bar"),
    key<&PublishConfig::max_open_prs, K::whole>("max_open_prs", "open Medic PRs per repository",
                                                [](const PublishConfig& c) -> std::string {
                                                    return c.max_open_prs < 0 ? "must be 0 or more"
                                                                              : "";
                                                }),
    key<&PublishConfig::max_new_per_hour, K::whole>("max_new_per_hour", "new Medic PRs per hour",
                                                    [](const PublishConfig& c) -> std::string {
                                                        return c.max_new_per_hour < 0
                                                                   ? "must be 0 or more"
                                                                   : "";
                                                    }),
    key<&PublishConfig::max_attempts, K::whole>(
        "max_attempts", "failed attempts at one anomaly before medic serve asks people in an issue",
        [](const PublishConfig& c) -> std::string {
            return c.max_attempts < 1 ? "must be 1 or more" : "";
        }),
};

const std::array k_auto_merge{
    key<&AutoMergeConfig::enabled, K::flag>("enabled", "merge validated PRs under the policy"),
    strategies_key<&AutoMergeConfig::strategies>("strategies",
                                                 "which drafts may merge themselves (rules, llm)"),
    key<&AutoMergeConfig::max_diff_lines, K::whole>("max_diff_lines",
                                                    "added + removed lines of the fix"),
    key<&AutoMergeConfig::label, K::text>("label", "when set, the PR must carry it"),
    key<&AutoMergeConfig::method, K::choice>("method", "merge, squash or rebase",
                                             [](const AutoMergeConfig& c) -> std::string {
                                                 if (c.method == "merge" || c.method == "squash" ||
                                                     c.method == "rebase")
                                                     return "";
                                                 return "must be merge, squash or rebase";
                                             }),
};

const std::array k_github{
    key<&GitHubConfig::api_url, K::text>(
        "api_url", "GitHub Enterprise Server: https://HOST/api/v3",
        [](const GitHubConfig& c) -> std::string {
            if (c.api_url.starts_with("https://") || c.api_url.starts_with("http://"))
                return "";
            return "must be an http(s) URL (https://api.github.com, or https://HOST/api/v3)";
        }),
    key<&GitHubConfig::repository, K::text>(
        "repository", "owner/name; empty: read from origin's URL",
        [](const GitHubConfig& c) -> std::string {
            if (c.repository.empty() || c.repository.find('/') != std::string::npos)
                return "";
            return "must be owner/name, e.g. acme/shop";
        }),
    key<&GitHubConfig::token_env, K::text>("token_env",
                                           "a PAT or Actions token in this variable..."),
    key<&GitHubConfig::app_id, K::text>("app_id", "...or a GitHub App: its id,"),
    key<&GitHubConfig::private_key_file, K::text>("private_key_file", "its PEM key file,"),
    key<&GitHubConfig::private_key_env, K::text>("private_key_env",
                                                 "or the PEM text in this variable"),
    key<&GitHubConfig::installation_id, K::whole>("installation_id",
                                                  "0: looked up from the repository"),
    key<&GitHubConfig::ca_file, K::text>("ca_file",
                                         "PEM CA bundle for pushes to a server with a private CA"),
};

const std::array k_server{
    key<&ServerConfig::listen, K::text>("listen", "HOST:PORT medic serve listens on"),
    key<&ServerConfig::state_dir, K::text>("state_dir", "the store (medic.sqlite3) lives here"),
    key<&ServerConfig::store, K::text>(
        "store",
        "a postgresql:// URL: the store in PostgreSQL, shared by several medic serve processes",
        [](const ServerConfig& c) -> std::string {
            return c.store.empty() || c.store.starts_with("postgresql://") ||
                           c.store.starts_with("postgres://")
                       ? ""
                       : "must be a postgresql:// URL (the password in PGPASSWORD or a PGPASSFILE)";
        }),
    key<&ServerConfig::role, K::text>(
        "role", "both; web: receives and records only; worker: takes jobs only",
        [](const ServerConfig& c) -> std::string {
            return c.role == "both" || c.role == "web" || c.role == "worker"
                       ? ""
                       : "must be both, web or worker";
        }),
    key<&ServerConfig::workers, K::whole>("workers", "jobs processed at once",
                                          [](const ServerConfig& c) -> std::string {
                                              return c.workers >= 1 && c.workers <= 64
                                                         ? ""
                                                         : "must be between 1 and 64";
                                          }),
    size_key<&ServerConfig::body_limit_bytes>("body_limit",
                                              "larger deliveries get 413 before they are read"),
    key<&ServerConfig::webhook_secret_env, K::text>(
        "webhook_secret_env", "the variable holding the App's webhook secret",
        [](const ServerConfig& c) -> std::string {
            return c.webhook_secret_env.empty() ? "must name an environment variable" : "";
        }),
    key<&ServerConfig::recovery_interval_ms, K::duration>(
        "recovery_interval",
        "how often the App's delivery log is read for missed deliveries (and at start)"),
    key<&ServerConfig::reread_interval_ms, K::duration>(
        "reread_interval",
        "how often Medic's open pull requests are read again from GitHub (and at start)"),
    key<&ServerConfig::telemetry_interval_ms, K::duration>(
        "telemetry_interval",
        "how often live telemetry that changed is judged (at once on a budget breach)"),
    key<&ServerConfig::telemetry_window_ms, K::duration>(
        "telemetry_window", "one window of live telemetry; the window before is the baseline"),
    key<&ServerConfig::job_lease_ms, K::duration>(
        "job_lease", "a job whose worker's machine died is taken by another worker after this",
        [](const ServerConfig& c) -> std::string {
            return c.job_lease_ms >= 3000 ? "" : "must be at least 3s";
        }),
};

const std::array k_served_repository{
    key<&ServedRepositoryConfig::telemetry_token_env, K::text>(
        "telemetry_token_env",
        "the variable holding the bearer token its OTLP exporters send to /v1/traces, /v1/logs"),
    key<&ServedRepositoryConfig::config, K::text>(
        "config", "a configuration file read instead of the repository's .github/medic.yml"),
};

} // namespace

std::span<const KeySpec<TelemetryConfig>> telemetry_keys() {
    return k_telemetry;
}
std::span<const KeySpec<SlowDetectConfig>> slow_keys() {
    return k_slow;
}
std::span<const KeySpec<TrendDetectConfig>> trend_keys() {
    return k_trend;
}
std::span<const KeySpec<MisorderedDetectConfig>> misordered_keys() {
    return k_misordered;
}
std::span<const KeySpec<UntestedDetectConfig>> untested_keys() {
    return k_untested;
}
std::span<const KeySpec<ErrorsDetectConfig>> errors_keys() {
    return k_errors;
}
std::span<const KeySpec<CodeConfig>> code_keys() {
    return k_code;
}
std::span<const KeySpec<FixConfig>> fix_keys() {
    return k_fix;
}
std::span<const KeySpec<LlmConfig>> llm_keys() {
    return k_llm;
}
std::span<const KeySpec<HarnessConfig>> harness_keys() {
    return k_harness;
}
std::span<const KeySpec<GenerateConfig>> generate_keys() {
    return k_generate;
}
std::span<const KeySpec<ValidateConfig>> validate_keys() {
    return k_validate;
}
std::span<const KeySpec<PublishConfig>> publish_keys() {
    return k_publish;
}
std::span<const KeySpec<AutoMergeConfig>> auto_merge_keys() {
    return k_auto_merge;
}
std::span<const KeySpec<GitHubConfig>> github_keys() {
    return k_github;
}
std::span<const KeySpec<ServerConfig>> server_keys() {
    return k_server;
}
std::span<const KeySpec<ServedRepositoryConfig>> served_repository_keys() {
    return k_served_repository;
}

} // namespace medic::config_detail
