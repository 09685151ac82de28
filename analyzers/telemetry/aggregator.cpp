#include "analyzers/telemetry/aggregator.hpp"

#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "bot/model/time.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

namespace medic::telemetry {
namespace {

std::int64_t floor_to(std::int64_t value, std::int64_t width) {
    std::int64_t q = value / width;
    if (value % width != 0 && value < 0)
        --q;
    return q * width;
}

/// OTLP attributes `[{"key":k,"value":{"stringValue":v}}, ...]` as a plain object `{k: v}`.
std::string otlp_attributes_to_object(std::string_view text) {
    auto const parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array())
        return "{}";
    nlohmann::json object = nlohmann::json::object();
    for (auto const& entry : parsed) {
        if (!entry.is_object() || !entry.contains("key") || !entry["key"].is_string())
            continue;
        auto const& value = entry.value("value", nlohmann::json::object());
        object[entry["key"].get<std::string>()] =
            value.is_object() && !value.empty() ? value.begin().value() : nlohmann::json();
    }
    return to_json_text(object);
}

void merge_window(WindowStats& into, const WindowStats& from) {
    into.count += from.count;
    into.errors += from.errors;
    into.sum_ms += from.sum_ms;
    into.latency_ms.merge(from.latency_ms);
}

} // namespace

bool is_error_level(std::string_view level) {
    auto const lower = ascii_lowercase(level);
    return lower == "error" || lower == "err" || lower == "fatal" || lower == "critical" ||
           lower == "crit" || lower == "alert" || lower == "emergency" || lower == "panic";
}

Aggregator::Aggregator(const TelemetryConfig& config, const Redactor& redactor)
    : m_config(config), m_redactor(redactor),
      m_sequences(config.max_open_runs, config.run_idle_timeout_ms),
      m_templates(config.max_error_templates) {}

Aggregator::HandlerState* Aggregator::state_for(std::string_view handler, SampleSource source) {
    if (m_last_handler != nullptr && m_last_handler->stats.handler == handler)
        return m_last_handler;
    auto it = m_handlers.find(handler);
    if (it == m_handlers.end()) {
        if (m_handlers.size() >= m_config.max_handlers)
            return nullptr;
        it = m_handlers.emplace(std::string(handler), HandlerState{}).first;
        it->second.stats.handler = handler;
        it->second.stats.source = source;
        it->second.stats.window_ms = m_config.window_ms;
    }
    m_last_handler = &it->second;
    return m_last_handler;
}

void Aggregator::widen_windows(HandlerState& state) {
    // Past the window limit, halve the resolution instead of growing memory.
    state.stats.window_ms *= 2;
    std::map<std::int64_t, WindowStats> wider;
    for (auto& [start, window] : state.windows) {
        auto const wide_start = floor_to(start, state.stats.window_ms);
        auto& target = wider[wide_start];
        target.start_ms = wide_start;
        merge_window(target, window);
    }
    state.windows = std::move(wider);
    state.last_window = nullptr;
}

WindowStats& Aggregator::window_for(HandlerState& state, std::int64_t ts_ms) {
    auto const start = floor_to(ts_ms, state.stats.window_ms);
    if (state.last_window != nullptr && state.last_window->start_ms == start)
        return *state.last_window;
    auto [it, inserted] = state.windows.try_emplace(start);
    it->second.start_ms = start;
    // Windows on both sides of 1970 never merge, however wide: past ~140,000 years of width the
    // limit gives way rather than the arithmetic.
    constexpr std::int64_t k_widest_window_ms = std::int64_t{1} << 52;
    if (inserted && state.windows.size() > m_config.max_windows &&
        state.stats.window_ms <= k_widest_window_ms / 2) {
        widen_windows(state);
        return window_for(state, ts_ms);
    }
    state.last_window = &it->second;
    return it->second;
}

std::uint64_t Aggregator::next_random() {
    // splitmix64: deterministic, so the same input always keeps the same examples.
    std::uint64_t z = (m_random_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void Aggregator::sample_example(HandlerState& state, const CallRecord& call) {
    // Reservoir sampling (Vitter's algorithm R): every call has the same chance to be kept.
    auto& examples = state.stats.examples;
    std::size_t const capacity = m_config.reservoir_size;
    std::uint64_t const seen = ++state.examples_seen;
    std::size_t slot = examples.size();
    if (examples.size() >= capacity) {
        slot = static_cast<std::size_t>(next_random() % seen);
        if (slot >= capacity)
            return;
    }
    ExampleInput example{call.ts_ms.value_or(0), call.duration_ms, call.error, "{}"};
    // Attributes a request could plausibly carry; anything deeper or larger is kept as none, so
    // no later stage copies or prints a hostile tree recursively.
    constexpr std::size_t k_max_attrs_depth = 32;
    constexpr std::size_t k_max_attrs_bytes = 64u << 10;
    bool const plausible =
        call.attrs.size() <= k_max_attrs_bytes && !nests_deeper_than(call.attrs, k_max_attrs_depth);
    if (plausible && call.attrs_shape == AttrsShape::json_object)
        example.attrs_json = call.attrs;
    else if (plausible && call.attrs_shape == AttrsShape::otlp_key_values)
        example.attrs_json = otlp_attributes_to_object(call.attrs);
    m_redactions += m_redactor.redact(example.attrs_json);
    if (slot == examples.size())
        examples.push_back(std::move(example));
    else
        examples[slot] = std::move(example);
}

void Aggregator::learn_names(HandlerNames& names, const NameViews& views) {
    // The first name of each kind is kept: memory stays bounded by the number of handlers.
    auto const learn = [](std::string& name, std::string_view view) {
        if (name.empty() && !view.empty())
            name = view;
    };
    learn(names.span, views.span);
    learn(names.route, views.route);
    learn(names.rpc, views.rpc);
    learn(names.topic, views.topic);
    learn(names.function, views.function);
}

void Aggregator::record_error_message(std::string_view handler, std::string_view message,
                                      std::optional<std::int64_t> ts_ms) {
    std::string text(message);
    m_redactions += m_redactor.redact(text);
    auto const cluster = m_templates.add(text);
    TemplateKey key{std::string(handler), cluster};
    auto found = m_template_counts.find(key);
    if (found == m_template_counts.end()) {
        if (m_template_counts.size() >= 4 * m_config.max_error_templates) {
            ++m_error_messages_dropped;
            return;
        }
        found = m_template_counts.emplace(std::move(key), ErrorTemplate{}).first;
    }
    auto& group = found->second;
    if (group.count == 0) {
        group.handler = handler;
        group.example = std::move(text);
        group.first_seen_ms = ts_ms.value_or(0);
    }
    ++group.count;
    if (ts_ms)
        group.last_seen_ms = std::max(group.last_seen_ms, *ts_ms);
}

std::optional<std::string> Aggregator::add_call(const CallRecord& call) {
    // One absurd value would stretch the sketch over a range where it must collapse bins.
    if (!std::isfinite(call.duration_ms) || call.duration_ms < 0)
        return "duration must be a finite number >= 0";
    if (call.duration_ms > double(m_config.max_duration_ms))
        return "duration " + std::to_string(call.duration_ms) +
               " ms is over telemetry.max_duration (" +
               format_duration(double(m_config.max_duration_ms)) + ")";
    auto* const found = state_for(call.handler, call.source);
    if (found == nullptr)
        return "more than " + std::to_string(m_config.max_handlers) +
               " distinct handlers (telemetry.max_handlers): name handlers by route, not by URL";
    auto& state = *found;
    auto& stats = state.stats;
    stats.min_ms = stats.count == 0 ? call.duration_ms : std::min(stats.min_ms, call.duration_ms);
    stats.max_ms = std::max(stats.max_ms, call.duration_ms);
    ++stats.count;
    stats.errors += call.error ? 1 : 0;
    stats.sum_ms += call.duration_ms;
    auto const key = call.duration_ms > QuantileSketch::k_min_value
                         ? QuantileSketch::key_for(call.duration_ms)
                         : QuantileSketch::k_zero_key;
    stats.latency_ms.add_key(key, 1);
    if (call.ts_ms) {
        m_first_ts = std::min(m_first_ts, *call.ts_ms);
        m_last_ts = std::max(m_last_ts, *call.ts_ms);
        auto& window = window_for(state, *call.ts_ms);
        ++window.count;
        window.errors += call.error ? 1 : 0;
        window.sum_ms += call.duration_ms;
        window.latency_ms.add_key(key, 1);
    }
    if (call.code != nullptr && !stats.code)
        stats.code = *call.code;
    if (call.names != nullptr)
        learn_names(stats.names, *call.names);
    sample_example(state, call);
    if (call.error && !call.error_message.empty())
        record_error_message(call.handler, call.error_message, call.ts_ms);
    if (!call.run.empty()) {
        m_run_key.assign(call.sequence).append("\x1f").append(call.run);
        // The handler's own key in m_handlers is stable, so the tracker can keep a view of it.
        m_sequences.add_step(call.sequence.empty() ? call.run : std::string_view(m_run_key),
                             call.sequence, call.step, call.order_key, call.ts_ms, stats.handler,
                             call.error, !call.batched);
    }
    return std::nullopt;
}

void Aggregator::add_log(const LogRecord& log) {
    ++m_log_lines;
    if (log.ts_ms) {
        m_first_ts = std::min(m_first_ts, *log.ts_ms);
        m_last_ts = std::max(m_last_ts, *log.ts_ms);
    }
    if (is_error_level(log.level) && !log.message.empty())
        record_error_message(log.handler, log.message, log.ts_ms);
}

void Aggregator::name_run(std::string_view run, std::string_view sequence) {
    m_sequences.name_run(run, sequence);
}

void Aggregator::complete_run(std::string_view run, std::string_view sequence) {
    m_sequences.complete_run(run, sequence);
}

void Aggregator::close_idle_runs() {
    m_sequences.close_idle();
}

bool Aggregator::is_run_open(std::string_view run) const {
    return m_sequences.is_open(run);
}

std::uint64_t Aggregator::redact_names(TelemetrySummary& summary) const {
    // Names come from telemetry too (`GET /reset?token=...` as a span name, a run id that is a
    // session token): once per name, at the end, so the per-call path pays nothing.
    std::uint64_t hidden = 0;
    auto const hide = [this, &hidden](std::string& text) { hidden += m_redactor.redact(text); };
    for (auto& handler : summary.handlers) {
        hide(handler.handler);
        for (auto* name : {&handler.names.span, &handler.names.route, &handler.names.rpc,
                           &handler.names.topic, &handler.names.function})
            hide(*name);
    }
    for (auto& sequence : summary.sequences) {
        hide(sequence.name);
        for (auto& order : sequence.orders) {
            std::ranges::for_each(order.steps, hide);
            std::ranges::for_each(order.example_runs, hide);
        }
    }
    for (auto& group : summary.error_templates)
        hide(group.handler);
    return hidden;
}

TelemetrySummary Aggregator::snapshot(IngestStats ingest) const {
    TelemetrySummary summary;
    summary.sequences = m_sequences.snapshot();
    if (m_first_ts <= m_last_ts) {
        summary.first_ts_ms = m_first_ts;
        summary.last_ts_ms = m_last_ts;
    }
    for (auto const& [name, state] : m_handlers) {
        auto& stats = summary.handlers.emplace_back(state.stats);
        for (auto const& [start, window] : state.windows)
            stats.windows.push_back(window);
    }
    for (auto const& [key, group] : m_template_counts) {
        summary.error_templates.push_back(group);
        summary.error_templates.back().pattern = m_templates.pattern(key.cluster);
    }
    std::stable_sort(
        summary.error_templates.begin(), summary.error_templates.end(),
        [](const ErrorTemplate& a, const ErrorTemplate& b) { return a.count > b.count; });
    auto const hidden = redact_names(summary);
    std::sort(summary.handlers.begin(), summary.handlers.end(),
              [](const HandlerStats& a, const HandlerStats& b) { return a.handler < b.handler; });
    summary.log_lines = m_log_lines;
    summary.ingest = std::move(ingest);
    summary.ingest.redactions += m_redactions + hidden;
    summary.ingest.error_messages_dropped += m_error_messages_dropped;
    return summary;
}

TelemetrySummary Aggregator::finish(IngestStats ingest) {
    auto summary = snapshot(std::move(ingest));
    // The open runs hold views of the handler names: closed before the names go.
    m_sequences.finish();
    m_handlers.clear();
    m_last_handler = nullptr;
    m_template_counts.clear();
    return summary;
}

std::size_t Aggregator::count_handlers(const std::function<bool(const HandlerStats&)>& test) const {
    return static_cast<std::size_t>(std::ranges::count_if(
        m_handlers, [&test](auto const& entry) { return test(entry.second.stats); }));
}

} // namespace medic::telemetry
