#include "bot/pipeline/detection.hpp"

#include "analyzers/telemetry/ingest.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "bot/model/time.hpp"

#include <chrono>

namespace medic::pipeline {

Result<TelemetrySummary> read_telemetry(const std::vector<std::string>& inputs,
                                        const MedicConfig& config,
                                        const std::function<void(std::string_view)>& progress) {
    telemetry::IngestOptions options{config.telemetry, {}};
    options.on_progress = [&progress](const telemetry::IngestProgress& p) {
        std::string text =
            "reading " + std::string(p.path) + ": " + std::to_string(p.bytes_done >> 20) + " MiB";
        if (p.bytes_total > 0)
            text += " of " + std::to_string(p.bytes_total >> 20) + " MiB on disk";
        progress(text);
    };
    return telemetry::ingest(inputs, options);
}

Result<TelemetryInputs>
read_telemetry_inputs(const std::vector<std::string>& telemetry,
                      const std::vector<std::string>& baseline, const MedicConfig& config,
                      const std::function<void(std::string_view)>& progress) {
    MEDIC_TRY(current, read_telemetry(telemetry, config, progress));
    TelemetryInputs inputs{telemetry, std::move(*current), std::nullopt};
    if (!baseline.empty()) {
        auto read = read_telemetry(baseline, config, progress);
        if (!read)
            return fail(read.error().code, "baseline: " + read.error().message);
        inputs.baseline = std::move(*read);
    }
    return inputs;
}

AnomalyReport anomaly_report(const TelemetryInputs& inputs, std::vector<Anomaly> anomalies,
                             const Clock& clock) {
    auto const now =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
            .count();
    return AnomalyReport{format_rfc3339_ms(now), join(inputs.paths, ","), std::move(anomalies),
                         inputs.current.ingest,
                         inputs.baseline ? nlohmann::json(inputs.baseline->ingest)
                                         : nlohmann::json()};
}

std::string unread_inputs(const TelemetryInputs& inputs) {
    auto unread = telemetry::unread_inputs(inputs.current.ingest);
    if (!inputs.baseline)
        return unread;
    if (auto const in_baseline = telemetry::unread_inputs(inputs.baseline->ingest);
        !in_baseline.empty())
        unread += (unread.empty() ? "the baseline's " : "; the baseline's ") + in_baseline;
    return unread;
}

Result<void> set_window(MedicConfig& config, std::string_view text) {
    auto const window = parse_duration_ms(text);
    if (!window || *window <= 0)
        return fail(ErrorCode::invalid_input,
                    "--window '" + std::string(text) + "' is not a duration like 10m");
    config.telemetry.window_ms = *window;
    return {};
}

std::optional<std::vector<CodeSite>> locate_busy_handlers(const code::ProjectOptions& project,
                                                          const TelemetrySummary& summary,
                                                          const MedicConfig& config,
                                                          const Warn& warn) {
    std::vector<code::HandlerQuery> busy;
    for (auto const& handler : summary.handlers)
        if (handler.count >= config.detect.untested.min_count &&
            handler.source == SampleSource::events)
            busy.push_back({handler.handler, handler.names.all()});
    auto located = code::locate_handlers(project, busy);
    if (!located) {
        warn("--find-untested: " + located.error().message);
        return std::nullopt;
    }
    for (auto const& problem : located->report.problems)
        warn(problem);
    // What cannot be located cannot be checked for tests: say so rather than pass it over.
    for (auto const& missing : located->not_found)
        warn("--find-untested: " + missing +
             " was not located in the code, so whether a test calls it is unknown");
    return located->sites;
}

} // namespace medic::pipeline
