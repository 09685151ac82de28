#include "bot/serve/live_detection.hpp"

#include "analyzers/anomaly/detect.hpp"
#include "analyzers/anomaly/slow_detector.hpp"
#include "bot/model/json.hpp"
#include "bot/model/stable_hash.hpp"
#include "bot/model/text_file.hpp"
#include "bot/model/time.hpp"
#include "bot/serve/production_watch.hpp"

#include <algorithm>
#include <set>

namespace medic::serve {

using telemetry::LiveOutcome;
using telemetry::LiveTelemetry;
using telemetry::OtlpSignal;

/// Past this many bytes in a window's spool, requests are still aggregated but no longer kept
/// on disk (a restart then replays what was kept); the status says so.
constexpr std::uint64_t k_spool_limit = std::uint64_t{1} << 30;

struct LiveDetection::Window {
    Window(LiveRepository served, LiveSpool spool_on_disk, std::unique_ptr<LiveTelemetry> live)
        : repository(std::move(served)), spool(std::move(spool_on_disk)), current(std::move(live)) {
    }

    std::mutex mutex;
    LiveRepository repository;
    LiveSpool spool;
    std::unique_ptr<LiveTelemetry> current;
    std::optional<TelemetrySummary> baseline;
    LiveWindowState state;
    std::uint64_t judged_records = 0; ///< records() when it was last judged.
    std::optional<std::chrono::system_clock::time_point> judged_at;
    nlohmann::json last_anomalies = nlohmann::json::array();
    std::string last_run; ///< What the last pass did about a pipeline run.
    bool spool_full = false;
    std::size_t over_budget = 0; ///< Handlers over their latency budget at the last look.
};

namespace {

/// The window's requests replayed into a new aggregation.
Result<std::unique_ptr<LiveTelemetry>> replayed(const LiveSpool& spool, bool previous,
                                                const TelemetryConfig& config) {
    MEDIC_TRY(live, LiveTelemetry::create(config));
    auto& target = **live;
    MEDIC_RETURN_IF_ERROR(
        spool.replay(previous, [&target](OtlpSignal signal, std::string_view line) {
            target.add(signal, line);
        }));
    return std::move(*live);
}

/// The request as one line. A raw line break in valid JSON is whitespace between tokens (a
/// string cannot hold one), so it becomes a space: pretty-printed bodies stay the same JSON.
std::string one_line(std::string_view body) {
    std::string line(body);
    std::ranges::replace_if(line, [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return line;
}

nlohmann::json anomaly_line(const Anomaly& anomaly) {
    return {{"id", anomaly.id},
            {"kind", to_string(anomaly.kind)},
            {"handler", anomaly.handler},
            {"sequence", anomaly.sequence},
            {"severity", to_string(anomaly.severity)},
            {"summary", anomaly.summary}};
}

/// The active installation that grants `repository`; 0 when none does.
std::int64_t installation_for(store::Store& store, std::string_view repository) {
    auto const installations = store.installations();
    if (!installations)
        return 0;
    for (auto const& installation : *installations)
        if (installation.state == store::InstallationState::active &&
            std::ranges::find(installation.repositories, repository) !=
                installation.repositories.end())
            return installation.id;
    return 0;
}

} // namespace

LiveDetection::LiveDetection(LiveDetectionSettings settings, store::Store& store,
                             ServerMetrics& metrics, const Clock& clock, Log log)
    : m_settings(std::move(settings)), m_store(store), m_metrics(metrics), m_clock(clock),
      m_log(std::move(log)) {}

LiveDetection::~LiveDetection() = default;

Result<std::unique_ptr<LiveDetection>>
LiveDetection::open(const std::vector<LiveRepository>& repositories, LiveDetectionSettings settings,
                    store::Store& store, ServerMetrics& metrics, const Clock& clock, Log log) {
    std::unique_ptr<LiveDetection> detection(
        new LiveDetection(std::move(settings), store, metrics, clock, std::move(log)));
    for (auto const& repository : repositories) {
        MEDIC_TRY(spool, LiveSpool::open(detection->m_settings.spool_dir / repository.repository));
        MEDIC_TRY(current, replayed(*spool, false, repository.config.telemetry));
        auto window = std::make_unique<Window>(repository, std::move(*spool), std::move(*current));
        window->state = window->spool.read_state();
        if (window->state.started_ms == 0) {
            window->state.started_ms = unix_ms(clock.now());
            MEDIC_RETURN_IF_ERROR(window->spool.write_state(window->state));
        }
        MEDIC_TRY(previous, replayed(window->spool, true, repository.config.telemetry));
        if ((*previous)->records() > 0)
            window->baseline = (*previous)->snapshot();
        if (auto const records = window->current->records(); records > 0)
            detection->m_log("live telemetry of " + repository.repository + ": " +
                             std::to_string(records) + " records of this window replayed");
        detection->m_windows.emplace(repository.repository, std::move(window));
    }
    return detection;
}

Result<LiveOutcome> LiveDetection::take(const std::string& repository, OtlpSignal signal,
                                        std::string_view body) {
    auto const found = m_windows.find(repository);
    if (found == m_windows.end())
        return fail(ErrorCode::not_found, repository + " takes no live telemetry here");
    auto& window = *found->second;
    std::lock_guard lock(window.mutex);
    auto outcome = window.current->add(signal, body);
    m_metrics.count_otlp(to_string(signal), outcome.accepted, outcome.rejected);
    if (!outcome.request)
        return outcome;
    if (!window.spool_full && window.spool.bytes() + body.size() > k_spool_limit) {
        window.spool_full = true;
        m_log("live telemetry of " + repository +
              ": the window's spool is full; aggregating "
              "without keeping requests on disk");
    }
    if (!window.spool_full) {
        // Aggregated already: a failed write must not ask the exporter to send it again (it
        // would be counted twice). Aggregation goes on; a restart replays what was kept.
        if (auto kept = window.spool.append(signal, one_line(body)); !kept) {
            window.spool_full = true;
            m_log("live telemetry of " + repository + ": " + kept.error().message +
                  "; aggregating without keeping requests on disk");
        }
    }
    // A handler that went over its budget since the last look asks for a pass now (one that
    // stays over does not ask again).
    if (m_on_breach && signal == OtlpSignal::traces) {
        auto const over = window.current->count_handlers([&window](const HandlerStats& stats) {
            return anomaly::over_budget(stats, window.repository.config);
        });
        if (over > window.over_budget) {
            m_log("live telemetry of " + repository + ": " + std::to_string(over) +
                  " handler(s) over budget, judging now");
            m_on_breach();
        }
        window.over_budget = over;
    }
    return outcome;
}

void LiveDetection::detect_all() {
    for (auto& [name, window] : m_windows) {
        std::lock_guard lock(window->mutex);
        if (window->current->records() != window->judged_records)
            judge(*window);
        if (auto rotated = rotate_if_due(*window); !rotated)
            m_log("live telemetry of " + name + ": " + rotated.error().message);
    }
}

void LiveDetection::judge(Window& window) {
    auto const& name = window.repository.repository;
    auto const summary = window.current->snapshot();
    auto const baseline = window.baseline ? &*window.baseline : nullptr;
    auto anomalies = anomaly::detect({summary, baseline, window.repository.config, nullptr});
    auto const now = m_clock.now();
    window.judged_records = window.current->records();
    window.judged_at = now;
    window.last_anomalies = nlohmann::json::array();
    for (auto const& anomaly : anomalies)
        window.last_anomalies.push_back(anomaly_line(anomaly));
    m_metrics.count_live_detection();
    AnomalyReport const report{format_rfc3339_ms(unix_ms(now)),
                               "live OTLP of " + name + " since " +
                                   format_rfc3339_ms(window.state.started_ms),
                               std::move(anomalies), summary.ingest,
                               baseline ? nlohmann::json(baseline->ingest) : nlohmann::json()};
    for (auto const& line :
         judge_merged_fixes(m_store, name, installation_for(m_store, name), summary))
        m_log("live telemetry of " + name + ": " + line);
    auto const report_json = nlohmann::json(report);
    if (auto written =
            replace_text_file(window.spool.dir() / "anomalies.json", report_json.dump(2) + "\n");
        !written)
        m_log("live telemetry of " + name + ": " + written.error().message);
    std::vector<std::string> fresh;
    auto const open_fixes = m_store.open_published_fixes(name);
    for (auto const& anomaly : report.anomalies) {
        bool const reported =
            std::ranges::find(window.state.reported, anomaly.id) != window.state.reported.end();
        bool const fixing = open_fixes && std::ranges::any_of(*open_fixes, [&](auto const& fix) {
                                return fix.anomaly == anomaly.id;
                            });
        if (!reported && !fixing)
            fresh.push_back(anomaly.id);
    }
    if (fresh.empty()) {
        window.last_run = report.anomalies.empty() ? "nothing found" : "nothing new to fix";
        return;
    }
    if (auto queued = queue_run(window, report_json, fresh); !queued)
        window.last_run = "no run: " + queued.error().message;
    m_log("live telemetry of " + name + ": " + std::to_string(report.anomalies.size()) +
          " anomalies, " + std::to_string(fresh.size()) + " new; " + window.last_run);
}

Result<void> LiveDetection::queue_run(Window& window, const nlohmann::json& report,
                                      const std::vector<std::string>& ids) {
    auto const& name = window.repository.repository;
    auto const installation = installation_for(m_store, name);
    if (installation == 0)
        return fail(ErrorCode::not_found, "no installation of the App grants " + name);
    auto fresh_report = report;
    auto listed = nlohmann::json::array();
    for (auto const& anomaly : report.value("anomalies", nlohmann::json::array()))
        if (std::ranges::find(ids, anomaly.value("id", "")) != ids.end())
            listed.push_back(anomaly);
    fresh_report["anomalies"] = std::move(listed);
    std::string key = name + "@" + std::to_string(window.state.started_ms);
    for (auto const& id : ids)
        key += "," + id;
    auto const hash = hex16(fnv1a(key));
    nlohmann::json const payload{{"action", k_anomaly_report_event},
                                 {"client_payload", {{"anomaly_report", fresh_report}}},
                                 {"repository", {{"full_name", name}}},
                                 {"installation", {{"id", installation}}}};
    store::IncomingDelivery const delivery{"telemetry-" + std::string(hash),
                                           std::string(k_live_telemetry_event),
                                           std::string(k_anomaly_report_event),
                                           installation,
                                           name,
                                           payload.dump()};
    MEDIC_TRY(status, m_store.record_delivery(delivery, true));
    window.state.reported.insert(window.state.reported.end(), ids.begin(), ids.end());
    MEDIC_RETURN_IF_ERROR(window.spool.write_state(window.state));
    window.last_run = "run " + delivery.id + " " + std::string(store::to_string(*status));
    return {};
}

Result<void> LiveDetection::rotate_if_due(Window& window) {
    auto const now = unix_ms(m_clock.now());
    if (now - window.state.started_ms < m_settings.window.count())
        return {};
    MEDIC_TRY(fresh, LiveTelemetry::create(window.repository.config.telemetry));
    // The new window's start is on disk before the files move: a crash in between replays the
    // old requests into the new window (a window that lasts longer), never a near-empty window
    // over the baseline.
    LiveWindowState const next{now, {}};
    MEDIC_RETURN_IF_ERROR(window.spool.write_state(next));
    MEDIC_RETURN_IF_ERROR(window.spool.rotate());
    if (window.current->records() > 0)
        window.baseline = window.current->snapshot();
    window.current = std::move(*fresh);
    window.judged_records = 0;
    window.over_budget = 0;
    window.spool_full = false;
    window.state = next;
    return {};
}

nlohmann::json LiveDetection::status() {
    auto repositories = nlohmann::json::array();
    for (auto& [name, window] : m_windows) {
        std::lock_guard lock(window->mutex);
        auto const summary_sources = window->current->sources();
        nlohmann::json entry{
            {"repository", name},
            {"window_started", format_rfc3339_ms(window->state.started_ms)},
            {"spans", summary_sources[0].records},
            {"log_records", summary_sources[1].records},
            {"malformed", summary_sources[0].malformed + summary_sources[1].malformed},
            {"requests", summary_sources[0].lines + summary_sources[1].lines},
            {"judged_records", window->judged_records},
            {"judged_at", window->judged_at
                              ? nlohmann::json(format_rfc3339_ms(unix_ms(*window->judged_at)))
                              : nlohmann::json()},
            {"baseline", window->baseline.has_value()},
            {"anomalies", window->last_anomalies},
            {"reported", window->state.reported},
            {"last_run", window->last_run},
            {"spool_full", window->spool_full}};
        repositories.push_back(std::move(entry));
    }
    return {{"repositories", repositories}};
}

} // namespace medic::serve
