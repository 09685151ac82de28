#include "bot/pipeline/analysis.hpp"

#include "bot/model/evidence.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace medic::pipeline {
namespace {

void add_misordered(const Anomaly& anomaly, Targets& targets) {
    auto const evidence = misordered_evidence(anomaly);
    auto const& expected = evidence.expected_order;
    auto steps = expected;
    for (auto const& step : evidence.actual_order)
        if (std::find(steps.begin(), steps.end(), step) == steps.end())
            steps.push_back(step);
    targets.sequences.push_back({anomaly.sequence, steps});
    targets.expected_orders[anomaly.sequence] = expected;
}

/// The sequences' declarations, or an empty list (with a warning) when they cannot be read.
std::vector<SequenceSite> sequence_sites(const code::ProjectOptions& project,
                                         const Targets& targets, const Warn& warn) {
    if (targets.sequences.empty())
        return {};
    auto sites = code::locate_sequences(project, targets.sequences);
    if (!sites) {
        warn("sequences: " + sites.error().message);
        return {};
    }
    for (auto const& query : targets.sequences)
        if (std::none_of(sites->begin(), sites->end(),
                         [&](const SequenceSite& site) { return site.sequence == query.name; }))
            warn("sequence '" + query.name + "': no declaration of its order found");
    return *sites;
}

/// Where each error template of the report is built, or nothing (with a warning).
std::vector<MessageSite> message_sites(const code::ProjectOptions& project, const Targets& targets,
                                       const Warn& warn) {
    if (targets.messages.empty())
        return {};
    auto sites = code::locate_messages(project, targets.messages);
    if (!sites) {
        warn("messages: " + sites.error().message);
        return {};
    }
    return *sites;
}

/// Analyzes the targets' handlers; the function (or lambda) telemetry's code.* attributes point
/// at is one more name of its handler.
Result<code::AnalyzeResult> analyze_handlers_of(const code::ProjectOptions& project,
                                                const Targets& targets, const Warn& warn) {
    auto queries = targets.handlers;
    auto const functions = functions_from_code_attributes(project, targets.anomalies, warn);
    for (auto& query : queries)
        if (auto const it = functions.find(query.handler); it != functions.end())
            query.names.push_back(it->second);
    return code::analyze_handlers(project, queries);
}

/// Adds `handler` with `names`, or the names to a handler already there.
void add_handler(std::vector<code::HandlerQuery>& handlers, const std::string& handler,
                 const std::vector<std::string>& names) {
    auto it = std::find_if(handlers.begin(), handlers.end(), [&](const code::HandlerQuery& query) {
        return query.handler == handler;
    });
    if (it == handlers.end())
        it = handlers.insert(handlers.end(), {handler, {}});
    for (auto const& name : names)
        if (name != handler &&
            std::find(it->names.begin(), it->names.end(), name) == it->names.end())
            it->names.push_back(name);
}

} // namespace

Result<AnomalyReport> read_report(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return fail(ErrorCode::not_found, path + ": cannot read the anomaly report");
    std::ostringstream text;
    text << in.rdbuf();
    return from_json_text<AnomalyReport>(text.str(), path);
}

Targets targets_of_anomalies(const std::vector<std::string>& handlers,
                             const std::vector<Anomaly>& anomalies) {
    Targets targets{{}, {}, {}, {}, anomalies};
    for (auto const& handler : handlers)
        add_handler(targets.handlers, handler, {});
    for (auto const& anomaly : anomalies) {
        if (anomaly.kind == AnomalyKind::misordered)
            add_misordered(anomaly, targets);
        if (anomaly.kind == AnomalyKind::errors && !anomaly.error_template.empty())
            targets.messages.push_back(anomaly.error_template);
        if (!anomaly.handler.empty())
            add_handler(targets.handlers, anomaly.handler, anomaly.names.all());
    }
    return targets;
}

Result<Targets> targets_of(const std::vector<std::string>& handlers,
                           const std::string& report_path) {
    std::vector<Anomaly> anomalies;
    if (!report_path.empty()) {
        MEDIC_TRY(report, read_report(report_path));
        anomalies = std::move(report->anomalies);
    }
    auto targets = targets_of_anomalies(handlers, anomalies);
    if (targets.handlers.empty() && targets.sequences.empty())
        return fail(ErrorCode::invalid_input,
                    "nothing to analyze: give --anomalies report.json or --handler NAME");
    return targets;
}

Result<Analysis> analyze_targets(const code::ProjectOptions& project, const Targets& targets,
                                 const Warn& warn) {
    MEDIC_TRY(result, analyze_handlers_of(project, targets, warn));
    return Analysis{std::move(*result), sequence_sites(project, targets, warn),
                    message_sites(project, targets, warn)};
}

} // namespace medic::pipeline
