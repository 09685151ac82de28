#pragma once
// The analysis `medic analyze` prints and `medic fix` drafts from: an anomaly report (or handler
// names) in; located handlers, findings, sequence declarations and message sites out.

#include "analyzers/code/analyze.hpp"
#include "bot/model/anomaly.hpp"
#include "bot/pipeline/code_attributes.hpp"

#include <map>
#include <string>
#include <vector>

namespace medic::pipeline {

/// What to analyze: handlers from --handler and the report, misordered sequences from the report.
struct Targets {
    std::vector<code::HandlerQuery> handlers; ///< Each handler with every name telemetry gave.
    std::vector<code::SequenceQuery> sequences;
    std::map<std::string, std::vector<std::string>> expected_orders;
    std::vector<std::string> messages; ///< Error templates to trace to the code that emits them.
    std::vector<Anomaly> anomalies;    ///< The report's, for their code.* attributes.
};

/// Reads a report written by `medic detect`, checking its schema marker.
Result<AnomalyReport> read_report(const std::string& path);

/// The targets of a report's anomalies plus `handlers`; an error when there is nothing to do.
Result<Targets> targets_of(const std::vector<std::string>& handlers, const std::string& report);

/// The targets of `anomalies` plus `handlers` (may be empty: nothing to analyze).
Targets targets_of_anomalies(const std::vector<std::string>& handlers,
                             const std::vector<Anomaly>& anomalies);

/// Everything the code says about the targets.
struct Analysis {
    code::AnalyzeResult result;
    std::vector<SequenceSite> sequences;
    std::vector<MessageSite> messages;
};

/// Locates and checks the targets' handlers (following telemetry's code.* attributes where they
/// name another function), and finds their sequences' and messages' declarations. Sequences or
/// messages that cannot be found are warnings.
Result<Analysis> analyze_targets(const code::ProjectOptions& project, const Targets& targets,
                                 const Warn& warn);

} // namespace medic::pipeline
