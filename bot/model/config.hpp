#pragma once
// MedicConfig: the plain form of `.github/medic.yml` the stages read
// (parsed by bot/config; every field has the documented default).

#include "bot/model/strategy.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// "p95 must stay under 4 ms".
struct LatencyBudget {
    double quantile = 0.95;
    double limit_ms = 0;
};

/// Per-handler settings.
struct HandlerConfig {
    std::optional<LatencyBudget> budget;
    std::optional<double> error_rate_budget;
};

struct TelemetryConfig {
    std::int64_t window_ms = 10 * 60 * 1000;
    std::size_t max_windows = 512; ///< Past this, windows double in width.
    std::size_t reservoir_size = 8;
    /// Calls reported as taking longer than this are malformed, not data.
    std::int64_t max_duration_ms = 24LL * 3600 * 1000;
    std::size_t max_open_runs = 65536; ///< Sequence runs kept open while streaming.
    /// A run closes once the input's clock is this far past its last step.
    std::int64_t run_idle_timeout_ms = 5 * 60 * 1000;
    std::size_t max_error_templates = 2000;
    /// Distinct handlers kept (about 1 KiB each); calls of further ones are malformed records.
    /// Tens of thousands of names mean ids in the names (`GET /items/1234`): name by route.
    std::size_t max_handlers = 20000;
    /// RE2 pattern with named groups ts, level, handler, message for plain-text logs.
    std::string text_log_pattern =
        R"(^(?P<ts>\d{4}-\d\d-\d\dT\S+)\s+(?P<level>[A-Za-z]+)\s+(?:\[(?P<handler>[^\]]+)\]\s+)?(?P<message>.*)$)";
    std::vector<std::string> redact_patterns; ///< Extra RE2 patterns whose matches are hidden.
};

struct SlowDetectConfig {
    double alpha = 0.01;          ///< Significance level of the regression test.
    double min_regression = 0.10; ///< Median must rise by at least this share.
    std::uint64_t min_count = 20; ///< Calls needed before judging a handler.
    std::uint64_t min_benchmark_repetitions =
        5; ///< Below this a benchmark uses the threshold only.
};

struct TrendDetectConfig {
    std::int64_t horizon_ms = 7LL * 24 * 3600 * 1000;
    double alpha = 0.01;
    std::size_t min_windows = 8;
    std::uint64_t min_window_count = 5;
};

struct MisorderedDetectConfig {
    std::uint64_t min_runs = 5;
    /// An order is the "historical majority" when at least this share of runs follow it.
    double majority_share = 0.6;
    /// Deviating runs must be at least this share to be reported against the majority.
    double min_deviation_share = 0.01;
};

struct ErrorsDetectConfig {
    double rate_budget = 0.01;
    double alpha = 0.01;
    std::uint64_t min_count = 20;
    double min_spike_ratio = 2.0; ///< Rate must at least double to count as a spike.
};

struct UntestedDetectConfig {
    double min_share = 0.01;      ///< "Hot": at least this share of all calls...
    std::uint64_t min_count = 20; ///< ...and at least this many calls.
};

struct DetectConfig {
    SlowDetectConfig slow;
    TrendDetectConfig trend;
    MisorderedDetectConfig misordered;
    ErrorsDetectConfig errors;
    UntestedDetectConfig untested;
};

/// How to reach a model (SPEC "Draft"). The key is read from the environment variable named
/// here, never from the file, so medic.yml can be committed.
struct LlmConfig {
    std::string provider = "openai"; ///< "openai" (Chat Completions compatible) or "anthropic".
    std::string base_url = "https://api.openai.com/v1"; ///< Anthropic: https://api.anthropic.com/v1
    std::string model = "gpt-4o-mini";
    std::string api_key_env = "OPENAI_API_KEY"; ///< Empty: send no key (local servers).
    double timeout_s = 120;                     ///< Per request, connect included.
    unsigned max_retries = 4;                   ///< For 429, 5xx and transport errors.
    double backoff_s = 1.0;      ///< First wait; doubles per retry (Retry-After wins).
    double max_backoff_s = 60.0; ///< Longest single wait, Retry-After included.
    std::uint64_t max_tokens_per_run = 200000; ///< Input + output tokens, all calls of a run.
    unsigned max_output_tokens = 4096;
    double temperature = 0.0;
    unsigned max_attempts = 3; ///< Drafts per anomaly when a diff does not apply or is refused.
};

/// How the code is read (SPEC "Locate").
struct CodeConfig {
    /// Folders (repository-relative) of code the repository did not write: never analysed as its
    /// own, never patched. Submodules and build trees are added on their own.
    std::vector<std::string> vendored = {"third_party/", "vendor/", "external/", "_deps/"};
};

/// Which strategies `medic fix` tries, in order, and what a patch may touch.
struct FixConfig {
    std::vector<Strategy> strategies = {Strategy::rules, Strategy::llm};
    /// Repository-relative paths (files, or folders ending in '/') every patch may touch, on top
    /// of the handler's own files and its tests.
    std::vector<std::string> allowed_paths;
};

/// The repository's Medic harness: the small piece of its own test code that lets generated
/// tests and benchmarks replay recorded requests (contract: templates/README.md).
struct HarnessConfig {
    std::string header = "medic_harness.hpp"; ///< As generated tests #include it.
    std::string target; ///< CMake target generated code links; empty: the repo has no harness.
};

/// Where generated tests and docs go (SPEC "Generate").
struct GenerateConfig {
    std::string tests_dir = "tests/medic";  ///< Generated tests, benchmarks and their CMake.
    std::string docs_dir = "docs/medic";    ///< One fix record per anomaly.
    std::string changelog = "CHANGELOG.md"; ///< Gets an entry when the repository keeps one.
};

/// How a fix proves itself (SPEC "Validate"). Commands are run by /bin/sh with {source},
/// {build}, {jobs} and {tests_dir} replaced (shell-quoted).
struct ValidateConfig {
    std::string configure = "cmake -S {source} -B {build} -DCMAKE_BUILD_TYPE=Release";
    std::string build = "cmake --build {build} --parallel {jobs}";
    std::string test = "ctest --test-dir {build} --output-on-failure --parallel {jobs}";
    std::string tests_binary = "{build}/{tests_dir}/medic_tests";
    std::string benchmark_binary = "{build}/{tests_dir}/medic_benchmarks";
    unsigned runs = 10;                ///< Benchmark runs per build, interleaved.
    unsigned flaky_runs = 3;           ///< Generated tests must pass this many times in a row.
    double min_speedup = 0.10;         ///< A slow fix must be at least this much faster...
    double alpha = 0.01;               ///< ...with a Mann-Whitney U p-value below this.
    double benchmark_min_time_s = 0.1; ///< Per benchmark run.
    std::int64_t timeout_ms = 20 * 60 * 1000;      ///< Per command.
    std::uint64_t memory_limit_bytes = 8ULL << 30; ///< Per process (address space).
    bool network = false;                          ///< Allow commands network access.
    unsigned jobs = 0;                             ///< {jobs}; 0: one per core.
};

/// When Medic may merge its own pull request (SPEC "Publish"): every condition must hold, and
/// the base branch's required checks must be green (else GitHub's auto-merge waits for them).
struct AutoMergeConfig {
    bool enabled = false;
    std::vector<Strategy> strategies = {Strategy::rules}; ///< Draft strategies trusted.
    int max_diff_lines = 20;       ///< Added + removed lines of the fix itself (tests/docs aside).
    std::string label;             ///< When set, the PR must carry it (a person's go-ahead).
    std::string method = "squash"; ///< merge, squash or rebase.
};

/// What happens to a validated fix: its branch pushed to a git remote, a GitHub pull request,
/// or nothing (validation only).
enum class PublishMode { local, github, none };

std::string_view to_string(PublishMode mode);
std::optional<PublishMode> parse_publish_mode(std::string_view text);

/// Where validated fixes go (SPEC "Publish").
struct PublishConfig {
    PublishMode mode = PublishMode::local;
    std::string remote; ///< URL or path to push to; empty: origin (local) / the GitHub repo.
    std::string author_name = "Medic";
    std::string author_email = "medic@users.noreply.github.com";
    std::vector<std::string> labels = {"medic", "performance"}; ///< Plus "medic:<kind>".
    bool reviewers_from_codeowners = true;
    bool check_run = true;      ///< Report `medic/validation` (GitHub Apps only).
    bool draft_partial = false; ///< Open a draft PR when only the speed proof fell short.
    int max_open_prs = 5;       ///< Open Medic PRs per repository (Renovate: prConcurrentLimit).
    int max_new_per_hour = 2;   ///< New Medic PRs per hour (Renovate: prHourlyLimit).
    /// Failed attempts at one anomaly after which `medic serve` opens an issue asking people
    /// for help (closed when the anomaly is no longer detected).
    int max_attempts = 3;
    AutoMergeConfig auto_merge;
};

/// How to reach GitHub (publish.mode: github, medic doctor).
struct GitHubConfig {
    std::string api_url = "https://api.github.com"; ///< GHES: https://HOST/api/v3
    std::string repository;                 ///< owner/name; empty: from the origin remote's URL.
    std::string token_env = "GITHUB_TOKEN"; ///< Environment variable holding a PAT/Actions token.
    std::string app_id;                     ///< A GitHub App's id: App auth instead of a token.
    std::string private_key_file;           ///< The App's PEM key...
    std::string private_key_env = "MEDIC_APP_PRIVATE_KEY"; ///< ...or its PEM text in this variable.
    std::int64_t installation_id = 0;                      ///< 0: looked up from the repository.
    std::string ca_file; ///< PEM CA bundle for git pushes to a private server.
};

/// `medic serve` (its configuration file's server: section; the command's flags override).
/// What the server does for one repository (server.repositories.<owner/name>).
struct ServedRepositoryConfig {
    /// The environment variable holding the bearer token the repository's OTLP exporters send
    /// to POST /v1/traces and /v1/logs; empty: no live telemetry for it.
    std::string telemetry_token_env;
    /// A configuration file read for this repository instead of its own .github/medic.yml
    /// (by live detection, and by the runs the server starts); empty: its own.
    std::string config;
};

struct ServerConfig {
    std::string listen = "127.0.0.1:8080"; ///< HOST:PORT.
    std::string state_dir = "medic-state"; ///< The store (medic.sqlite3) lives here.
    /// Empty: the store is state_dir/medic.sqlite3; a postgresql:// URL: a PostgreSQL database
    /// that several medic serve processes share.
    std::string store;
    /// What this process does: "both" (receives and works), "web" (receives and records only)
    /// or "worker" (takes jobs only); several processes share a PostgreSQL store.
    std::string role = "both";
    int workers = 2;
    std::uint64_t body_limit_bytes = std::uint64_t{25} << 20; ///< GitHub sends at most 25 MB.
    std::string webhook_secret_env = "MEDIC_WEBHOOK_SECRET";  ///< Holds the webhook secret.
    /// How often the App's delivery log is read for deliveries that never reached the server
    /// (also once at start; only with a GitHub App in the github: section).
    std::int64_t recovery_interval_ms = 10 * 60 * 1000;
    /// How often Medic's open pull requests are read again from GitHub (also once at start;
    /// only with a GitHub App).
    std::int64_t reread_interval_ms = 10 * 60 * 1000;
    /// How often live telemetry that changed is judged (also at once when a handler goes over
    /// its latency budget).
    std::int64_t telemetry_interval_ms = 60 * 1000;
    /// How long one window of live telemetry lasts; the window before is the baseline.
    std::int64_t telemetry_window_ms = 60 * 60 * 1000;
    /// How long a worker holds a job without renewing it: a job whose worker's machine died is
    /// taken by another worker after this (a restarted server on the same machine takes it back
    /// at once). Workers renew it every third of it, at most every minute.
    std::int64_t job_lease_ms = 5 * 60 * 1000;
    std::map<std::string, ServedRepositoryConfig, std::less<>> repositories;
};

/// The whole configuration; `warnings` lists unknown keys and other soft problems.
struct MedicConfig {
    int version = 1;
    TelemetryConfig telemetry;
    std::map<std::string, HandlerConfig, std::less<>> handlers;
    std::map<std::string, std::vector<std::string>, std::less<>> sequences;
    DetectConfig detect;
    CodeConfig code;
    FixConfig fix;
    LlmConfig llm;
    HarnessConfig harness;
    GenerateConfig generate;
    ValidateConfig validate;
    PublishConfig publish;
    GitHubConfig github;
    ServerConfig server;
    std::vector<std::string> warnings;
};

} // namespace medic
