#include "bot/cli/analysis.hpp"

#include "bot/cli/code_attributes.hpp"
#include "bot/model/json.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace medic::cli {
namespace {

void add_misordered(const Anomaly& anomaly, Targets& targets) {
    auto const expected = anomaly.evidence.value("expected_order", std::vector<std::string>{});
    auto steps = expected;
    for (auto const& step : anomaly.evidence.value("actual_order", std::vector<std::string>{}))
        if (std::find(steps.begin(), steps.end(), step) == steps.end())
            steps.push_back(step);
    targets.sequences.push_back({anomaly.sequence, steps});
    targets.expected_orders[anomaly.sequence] = expected;
}

/// The sequences' declarations, or an empty list (with a warning) when they cannot be read.
std::vector<SequenceSite> sequence_sites(const code::ProjectOptions& project,
                                         const Targets& targets) {
    if (targets.sequences.empty())
        return {};
    auto sites = code::locate_sequences(project, targets.sequences);
    if (!sites) {
        std::cerr << "warning: sequences: " << sites.error().message << "\n";
        return {};
    }
    for (auto const& query : targets.sequences)
        if (std::none_of(sites->begin(), sites->end(),
                         [&](const SequenceSite& site) { return site.sequence == query.name; }))
            std::cerr << "warning: sequence '" << query.name
                      << "': no declaration of its order found\n";
    return *sites;
}

/// Where each error template of the report is built, or nothing (with a warning).
std::vector<MessageSite> message_sites(const code::ProjectOptions& project,
                                       const Targets& targets) {
    if (targets.messages.empty())
        return {};
    auto sites = code::locate_messages(project, targets.messages);
    if (!sites) {
        std::cerr << "warning: messages: " << sites.error().message << "\n";
        return {};
    }
    return *sites;
}

/// Analyzes the targets' handlers; where telemetry's code.* attributes point at a function
/// other than the handler's name says, that function is analyzed under the handler's name.
Result<code::AnalyzeResult> analyze_handlers_of(const code::ProjectOptions& project,
                                                const Targets& targets) {
    auto const functions = functions_from_code_attributes(project, targets.anomalies);
    auto names = targets.handlers;
    for (auto& name : names)
        if (auto const it = functions.find(name); it != functions.end())
            name = it->second;
    auto result = code::analyze_handlers(project, names);
    if (!result)
        return result;
    for (auto const& [handler, function] : functions) {
        for (auto& site : result->sites)
            if (site.handler == function)
                site.handler = handler;
        for (auto& finding : result->findings)
            if (finding.handler == function)
                finding.handler = handler;
    }
    return result;
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
    Targets targets{handlers, {}, {}, {}, anomalies};
    for (auto const& anomaly : anomalies) {
        if (anomaly.kind == AnomalyKind::misordered)
            add_misordered(anomaly, targets);
        if (anomaly.kind == AnomalyKind::errors && !anomaly.error_template.empty())
            targets.messages.push_back(anomaly.error_template);
        if (!anomaly.handler.empty() && std::find(targets.handlers.begin(), targets.handlers.end(),
                                                  anomaly.handler) == targets.handlers.end())
            targets.handlers.push_back(anomaly.handler);
    }
    return targets;
}

Result<Targets> targets_of(const std::vector<std::string>& handlers,
                           const std::string& report_path) {
    Targets targets{handlers, {}, {}, {}, {}};
    if (!report_path.empty()) {
        auto report = read_report(report_path);
        if (!report)
            return std::unexpected(report.error());
        targets = targets_of_anomalies(handlers, report->anomalies);
    }
    if (targets.handlers.empty() && targets.sequences.empty())
        return fail(ErrorCode::invalid_input,
                    "nothing to analyze: give --anomalies report.json or --handler NAME");
    return targets;
}

Result<Analysis> analyze_targets(const code::ProjectOptions& project, const Targets& targets) {
    auto result = analyze_handlers_of(project, targets);
    if (!result)
        return std::unexpected(result.error());
    return Analysis{std::move(*result), sequence_sites(project, targets),
                    message_sites(project, targets)};
}

} // namespace medic::cli
