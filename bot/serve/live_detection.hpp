#pragma once
// Live telemetry turned into pipeline runs. Each repository with a telemetry token has a window:
// the OTLP requests its exporters send are aggregated as they arrive (LiveTelemetry) and kept
// in its spool (live_spool.hpp). A pass — every server.telemetry_interval, and at once when a
// handler goes over its latency budget — judges each window that got new records with the same
// detection `medic detect` runs (the window before is the baseline), writes the report to
// anomalies.json beside the spool, and queues one pipeline run (a "medic_telemetry" delivery in
// the store, processed like repository_dispatch's anomaly report) for the anomalies this window
// has not handed over yet and no open Medic pull request already fixes. A window lasts
// server.telemetry_window; then it becomes the baseline and a new one starts.

#include "bot/model/clock.hpp"
#include "bot/model/config.hpp"
#include "bot/serve/event_processing.hpp"
#include "bot/serve/live_spool.hpp"
#include "bot/serve/metrics.hpp"
#include "bot/serve/telemetry_intake.hpp"
#include "bot/serve/workers.hpp"
#include "bot/store/store.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace medic::serve {

/// A repository whose exporters send live telemetry, and the configuration that judges it
/// (telemetry:, handlers:, sequences:, detect:).
struct LiveRepository {
    std::string repository; ///< owner/name
    MedicConfig config;
};

struct LiveDetectionSettings {
    std::filesystem::path spool_dir; ///< <state-dir>/telemetry
    std::chrono::milliseconds window{std::chrono::hours(1)};
};

class LiveDetection final : public TelemetrySink {
public:
    /// Opens each repository's spool and replays the window it holds.
    static Result<std::unique_ptr<LiveDetection>>
    open(const std::vector<LiveRepository>& repositories, LiveDetectionSettings settings,
         store::Store& store, ServerMetrics& metrics, const Clock& clock, Log log);
    ~LiveDetection() override;

    Result<telemetry::LiveOutcome> take(const std::string& repository, telemetry::OtlpSignal signal,
                                        std::string_view body) override;
    nlohmann::json status() override;

    /// One pass over every repository (see above).
    void detect_all();
    /// Called (from take) when a handler went over its budget; the server wakes the pass.
    void on_budget_breach(std::function<void()> wake) { m_on_breach = std::move(wake); }

    struct Window; ///< One repository's (live_detection.cpp).

private:
    LiveDetection(LiveDetectionSettings settings, store::Store& store, ServerMetrics& metrics,
                  const Clock& clock, Log log);
    void judge(Window& window);
    Result<void> queue_run(Window& window, const nlohmann::json& report,
                           const std::vector<std::string>& ids);
    Result<void> rotate_if_due(Window& window);

    LiveDetectionSettings m_settings;
    store::Store& m_store;
    ServerMetrics& m_metrics;
    const Clock& m_clock;
    Log m_log;
    std::function<void()> m_on_breach;
    std::map<std::string, std::unique_ptr<Window>, std::less<>> m_windows;
};

} // namespace medic::serve
