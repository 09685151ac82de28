#include "bot/model/json.hpp"

#include <limits>

namespace medic {

NLOHMANN_JSON_SERIALIZE_ENUM(SampleSource, {{SampleSource::events, "events"},
                                            {SampleSource::benchmark, "benchmark"}})

void to_json(nlohmann::json& j, const QuantileSketch& sketch) {
    auto const state = sketch.state();
    j = {{"min_key", state.min_key}, {"bins", state.bins}, {"zero_count", state.zero_count}};
}

void from_json(const nlohmann::json& j, QuantileSketch& sketch) {
    sketch = QuantileSketch::from_state({j.at("min_key").get<std::int32_t>(),
                                         j.at("bins").get<std::vector<std::uint64_t>>(),
                                         j.value("zero_count", std::uint64_t{0})});
}

std::string to_json_text(const nlohmann::json& json, int indent) {
    return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool nests_deeper_than(std::string_view json_text, std::size_t limit) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json_text.size(); ++i) {
        char const c = json_text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit)
                return true;
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return false;
}

std::string text_of(const nlohmann::json& json, const char* key, std::string fallback) {
    auto const found = json.find(key);
    return found != json.end() && found->is_string() ? found->get<std::string>() : fallback;
}

bool flag_of(const nlohmann::json& json, const char* key, bool fallback) {
    auto const found = json.find(key);
    return found != json.end() && found->is_boolean() ? found->get<bool>() : fallback;
}

nlohmann::json parse_json_or_null(std::string_view text) {
    if (text.empty() || nests_deeper_than(text, k_max_json_depth))
        return nullptr;
    auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

std::int64_t integer_of(const nlohmann::json& json, const char* key, std::int64_t fallback) {
    auto const found = json.find(key);
    if (found == json.end())
        return fallback;
    if (found->is_number_unsigned())
        return found->get<std::uint64_t>() <= std::numeric_limits<std::int64_t>::max()
                   ? static_cast<std::int64_t>(found->get<std::uint64_t>())
                   : fallback;
    return found->is_number_integer() ? found->get<std::int64_t>() : fallback;
}

const nlohmann::json& object_of(const nlohmann::json& json, const char* key) {
    static const nlohmann::json empty = nlohmann::json::object();
    auto const found = json.find(key);
    return found != json.end() && found->is_object() ? *found : empty;
}

const nlohmann::json& array_of(const nlohmann::json& json, const char* key) {
    static const nlohmann::json empty = nlohmann::json::array();
    auto const found = json.find(key);
    return found != json.end() && found->is_array() ? *found : empty;
}

std::vector<std::string> texts_of(const nlohmann::json& json, const char* key) {
    std::vector<std::string> texts;
    for (auto const& item : array_of(json, key))
        if (item.is_string())
            texts.push_back(item.get<std::string>());
    return texts;
}

namespace {

/// Reads an enum written by its name; an unknown name is a JSON error naming `what`.
template <typename Enum, typename Parse>
void enum_from_json(const nlohmann::json& j, Enum& value, Parse parse, std::string_view what) {
    auto const parsed = parse(j.get<std::string>());
    if (!parsed)
        throw nlohmann::json::other_error::create(
            501, "unknown " + std::string(what) + " " + j.dump(), &j);
    value = *parsed;
}

} // namespace

void to_json(nlohmann::json& j, const AnomalyKind& kind) {
    j = std::string(to_string(kind));
}
void from_json(const nlohmann::json& j, AnomalyKind& kind) {
    enum_from_json(j, kind, parse_anomaly_kind, "anomaly kind");
}
void to_json(nlohmann::json& j, const Severity& severity) {
    j = std::string(to_string(severity));
}
void from_json(const nlohmann::json& j, Severity& severity) {
    enum_from_json(j, severity, parse_severity, "severity");
}
void to_json(nlohmann::json& j, const PublishMode& mode) {
    j = std::string(to_string(mode));
}
void from_json(const nlohmann::json& j, PublishMode& mode) {
    enum_from_json(j, mode, parse_publish_mode, "publish mode");
}
void to_json(nlohmann::json& j, const Strategy& strategy) {
    j = std::string(to_string(strategy));
}
void from_json(const nlohmann::json& j, Strategy& strategy) {
    enum_from_json(j, strategy, parse_strategy, "strategy");
}
void to_json(nlohmann::json& j, const FixStatus& status) {
    j = std::string(to_string(status));
}
void from_json(const nlohmann::json& j, FixStatus& status) {
    enum_from_json(j, status, parse_fix_status, "fix status");
}

// Field lists live in one place each; missing fields take the struct's defaults on read.
// (nlohmann's field macros expect these parameter names.)
#define MEDIC_DEFINE_JSON(Type, ...)                                                               \
    void to_json(nlohmann::json& nlohmann_json_j, const Type& nlohmann_json_t) {                   \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))                   \
    }                                                                                              \
    void from_json(const nlohmann::json& nlohmann_json_j, Type& nlohmann_json_t) {                 \
        const Type nlohmann_json_default_obj{};                                                    \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM_WITH_DEFAULT, __VA_ARGS__))    \
    }

MEDIC_DEFINE_JSON(CodeLocation, function, filepath, lineno)
MEDIC_DEFINE_JSON(WindowStats, start_ms, count, errors, sum_ms, latency_ms)
MEDIC_DEFINE_JSON(ExampleInput, ts_ms, duration_ms, error, attrs_json)
MEDIC_DEFINE_JSON(HandlerStats, handler, names, source, count, errors, sum_ms, min_ms, max_ms,
                  latency_ms, window_ms, windows, examples, code)
MEDIC_DEFINE_JSON(SequenceOrder, steps, runs, failed_runs, example_runs)
MEDIC_DEFINE_JSON(SequenceStats, name, runs, orders, single_step_runs, truncated_runs,
                  runs_in_other_orders)
MEDIC_DEFINE_JSON(ErrorTemplate, handler, pattern, count, example, first_seen_ms, last_seen_ms)
MEDIC_DEFINE_JSON(MalformedLine, source, line, reason)
MEDIC_DEFINE_JSON(SourceStats, path, format, bytes, lines, records, malformed, outgoing_spans,
                  envelope_spans, error)
MEDIC_DEFINE_JSON(IngestStats, sources, malformed_total, malformed, redactions,
                  error_messages_dropped)
MEDIC_DEFINE_JSON(TelemetrySummary, first_ts_ms, last_ts_ms, handlers, sequences, error_templates,
                  log_lines, ingest)
MEDIC_DEFINE_JSON(Anomaly, id, kind, handler, names, sequence, error_template, severity, impact,
                  impact_unit, summary, evidence, related)
MEDIC_DEFINE_JSON(LatencyBudget, quantile, limit_ms)
MEDIC_DEFINE_JSON(HandlerConfig, budget, error_rate_budget)
MEDIC_DEFINE_JSON(TelemetryConfig, window_ms, max_windows, reservoir_size, max_duration_ms,
                  max_open_runs, run_idle_timeout_ms, max_error_templates, max_handlers,
                  text_log_pattern, redact_patterns)
MEDIC_DEFINE_JSON(SlowDetectConfig, alpha, min_regression, min_count, min_benchmark_repetitions)
MEDIC_DEFINE_JSON(TrendDetectConfig, horizon_ms, alpha, min_windows, min_window_count)
MEDIC_DEFINE_JSON(MisorderedDetectConfig, min_runs, majority_share, min_deviation_share)
MEDIC_DEFINE_JSON(ErrorsDetectConfig, rate_budget, alpha, min_count, min_spike_ratio)
MEDIC_DEFINE_JSON(UntestedDetectConfig, min_share, min_count)
MEDIC_DEFINE_JSON(DetectConfig, slow, trend, misordered, errors, untested)
MEDIC_DEFINE_JSON(CodeConfig, vendored)
MEDIC_DEFINE_JSON(FixConfig, strategies, allowed_paths)
MEDIC_DEFINE_JSON(LlmConfig, provider, base_url, model, api_key_env, timeout_s, max_retries,
                  backoff_s, max_backoff_s, max_tokens_per_run, max_output_tokens, temperature,
                  max_attempts)
MEDIC_DEFINE_JSON(HarnessConfig, header, target)
MEDIC_DEFINE_JSON(GenerateConfig, tests_dir, docs_dir, changelog)
MEDIC_DEFINE_JSON(ValidateConfig, configure, build, test, tests_binary, benchmark_binary, runs,
                  flaky_runs, min_speedup, alpha, benchmark_min_time_s, timeout_ms,
                  memory_limit_bytes, network, jobs)
MEDIC_DEFINE_JSON(AutoMergeConfig, enabled, strategies, max_diff_lines, label, method)
MEDIC_DEFINE_JSON(PublishConfig, mode, remote, author_name, author_email, labels,
                  reviewers_from_codeowners, check_run, draft_partial, max_open_prs,
                  max_new_per_hour, max_attempts, auto_merge)
MEDIC_DEFINE_JSON(GitHubConfig, api_url, repository, token_env, app_id, private_key_file,
                  private_key_env, installation_id, ca_file)
MEDIC_DEFINE_JSON(MedicConfig, version, telemetry, handlers, sequences, detect, code, fix, llm,
                  harness, generate, validate, publish, github, warnings)
MEDIC_DEFINE_JSON(CommandRecord, step, build, command, exit_code, timed_out, seconds, log,
                  output_tail)
MEDIC_DEFINE_JSON(BenchmarkComparison, benchmark, from_repository, binary, base_ns, patched_ns,
                  base_median_ns, patched_median_ns, speedup, p_value, exact_p, min_speedup, alpha)
MEDIC_DEFINE_JSON(Verdict, anomaly_id, kind, handler, validated, reason, base_commit, commands,
                  generated_test_passes, generated_tests_fail_on_base, benchmark, network_isolated,
                  isolation_note, seconds, command_seconds)
MEDIC_DEFINE_JSON(PullRequestRecord, number, url, action, merge, warnings)
MEDIC_DEFINE_JSON(FixRecord, anomaly, kind, handler, status, reason, strategy, root_cause,
                  draft_notes, diff_lines, verdict, branch, commit, branch_changed,
                  pull_request_body, pull_request, stage_seconds)
MEDIC_DEFINE_JSON(RunReport, schema, fixes, stage_seconds, wall_seconds, command_seconds)

MEDIC_DEFINE_JSON(SourceRange, file, begin_line, begin_column, end_line, end_column)
MEDIC_DEFINE_JSON(RegistrationSite, route, call, range)
MEDIC_DEFINE_JSON(Callee, name, definition, depth)
MEDIC_DEFINE_JSON(BenchmarkSite, name, file, line, calls)
MEDIC_DEFINE_JSON(CodeSite, handler, qualified_name, definition, registrations, callees, test_files,
                  benchmarks)

MEDIC_DEFINE_JSON(TextSpan, file, offset, length, text)
MEDIC_DEFINE_JSON(SequenceElement, step, spelled, range, movable)
MEDIC_DEFINE_JSON(SequenceSite, sequence, shape, range, elements)
MEDIC_DEFINE_JSON(MessageSite, pattern, function, range, literals)
MEDIC_DEFINE_JSON(FixIt, file, offset, length, line, column, replacement)
MEDIC_DEFINE_JSON(Finding, check, handler, function, range, message, in_loop, weight, fixes,
                  fix_note)
MEDIC_DEFINE_JSON(CheckInfo, id, summary, doc)
MEDIC_DEFINE_JSON(SourceExcerpt, path, first_line, text)
MEDIC_DEFINE_JSON(PatchDraft, anomaly_id, kind, handler, strategy, fixer, root_cause, confidence,
                  diff, files, refusals, attempts, exchanges)

// Only the names telemetry gave are written: most handlers have one or two.
void to_json(nlohmann::json& j, const HandlerNames& names) {
    j = nlohmann::json::object();
    for (auto const& [key, value] : {std::pair{"span", &names.span},
                                     {"route", &names.route},
                                     {"rpc", &names.rpc},
                                     {"topic", &names.topic},
                                     {"function", &names.function}})
        if (!value->empty())
            j[key] = *value;
}

void from_json(const nlohmann::json& j, HandlerNames& names) {
    names.span = j.value("span", std::string());
    names.route = j.value("route", std::string());
    names.rpc = j.value("rpc", std::string());
    names.topic = j.value("topic", std::string());
    names.function = j.value("function", std::string());
}

// The report has a fixed schema marker that must be checked on read.
void to_json(nlohmann::json& j, const AnomalyReport& report) {
    j = {{"schema", AnomalyReport::k_schema},
         {"generated_at", report.generated_at},
         {"source", report.source},
         {"anomalies", report.anomalies},
         {"ingest", report.ingest}};
    if (!report.baseline_ingest.is_null())
        j["baseline_ingest"] = report.baseline_ingest;
}

void from_json(const nlohmann::json& j, AnomalyReport& report) {
    auto const schema = j.at("schema").get<std::string>();
    if (schema != AnomalyReport::k_schema)
        throw nlohmann::json::other_error::create(
            501, "unsupported report schema '" + schema + "' (expected medic.anomaly-report/v1)",
            &j);
    j.at("generated_at").get_to(report.generated_at);
    report.source = j.value("source", std::string{});
    j.at("anomalies").get_to(report.anomalies);
    for (const Anomaly& anomaly : report.anomalies)
        if (auto checked = check_anomaly_id(anomaly.id); !checked)
            throw nlohmann::json::other_error::create(501, checked.error().message, &j);
    report.ingest = j.value("ingest", nlohmann::json::object());
    report.baseline_ingest = j.value("baseline_ingest", nlohmann::json());
}

} // namespace medic
