// Escalation: an anomaly Medic failed to fix publish.max_attempts times in a row gets one issue
// asking people for help (keyed by a marker holding its fingerprint, as Renovate keys its
// dashboard by title), with the evidence and what was tried; Medic closes it when a whole
// detection no longer finds the anomaly. A success resets the count but leaves the issue
// alone: only the anomaly's disappearance resolves it.

#include "bot/model/json.hpp"
#include "bot/serve/app_actions.hpp"
#include "generators/docs/markdown.hpp"
#include "github/issues.hpp"

#include <set>

namespace medic::serve {
namespace {

constexpr std::string_view k_escalation_label = "medic:escalation";

std::string escalation_marker(std::string_view anomaly) {
    return "<!-- medic:escalation:" + std::string(anomaly) + " -->";
}

/// A failed attempt: no fix came out of it that people can use. Held (the policy's limits) and
/// covered (another anomaly's fix) are no failures; nor is success.
bool is_failure(FixStatus status) {
    return status == FixStatus::not_validated || status == FixStatus::no_draft ||
           status == FixStatus::failed;
}

/// The issue's text. Everything quoted comes from a run: a handler named by telemetry, a
/// model's root cause, a verdict's reason — Markdown-safe, the handler shell-quoted.
std::string escalation_body(const FixRecord& fix, const store::FixAttempts& attempts) {
    std::string body = escalation_marker(fix.anomaly) + "\n";
    body += "Medic tried " + std::to_string(attempts.failures) + " times to fix anomaly " +
            inline_code(fix.anomaly) + " (" + std::string(to_string(fix.kind)) + " in " +
            inline_code(fix.handler) +
            ") and could not produce a fix it can prove. It stops here and asks for help.\n\n";
    body += "## What was tried\n\n";
    for (auto const& reason : attempts.reasons)
        body += "- " + markdown_prose(reason) + "\n";
    if (!fix.root_cause.empty())
        body += "\n## The last draft's explanation\n\n" + markdown_prose(fix.root_cause) + "\n";
    if (fix.verdict)
        body += "\n## The last validation\n\n" + markdown_prose(fix.verdict->reason) + "\n";
    auto const command = "medic analyze --handler " + shell_quote(fix.handler);
    body += "\nMedic closes this issue when a detection no longer finds the anomaly. What Medic "
            "sees in the code:\n\n" +
            code_fence(command) + "sh\n" + command + "\n" + code_fence(command) + "\n";
    return body;
}

} // namespace

Result<void> GitHubAppActions::count_attempts(const RepositoryAccess& access,
                                              const std::string& repository,
                                              const RunReport& report) {
    auto const limit = access.config.publish.max_attempts;
    for (auto const& fix : report.fixes) {
        if (!is_failure(fix.status) && fix.status != FixStatus::published &&
            fix.status != FixStatus::validated)
            continue;
        MEDIC_TRY(attempts, m_store.record_fix_attempt(
                                repository, fix.anomaly, !is_failure(fix.status),
                                std::string(to_string(fix.status)) + ": " + fix.reason));
        if (!is_failure(fix.status) || attempts->failures < limit)
            continue;
        // The issue is for people; failing to write it must not undo the run that counted it.
        if (auto escalated = escalate(access, repository, fix, *attempts); !escalated)
            m_log(repository + ": anomaly " + fix.anomaly +
                  " not escalated: " + escalated.error().message);
    }
    return {};
}

Result<void> GitHubAppActions::escalate(const RepositoryAccess& access,
                                        const std::string& repository, const FixRecord& fix,
                                        const store::FixAttempts& attempts) {
    github::IssueSpec spec{escalation_marker(fix.anomaly),
                           "Medic could not fix " + std::string(to_string(fix.kind)) + " " +
                               plain_line(fix.handler) + " (" + fix.anomaly + ")",
                           escalation_body(fix, attempts), std::string(k_escalation_label)};
    MEDIC_TRY(issue, github::ensure_issue(access.api(), access.ref, spec));
    if (*issue != attempts.issue)
        MEDIC_RETURN_IF_ERROR(m_store.record_escalation(repository, fix.anomaly, *issue));
    m_log(repository + ": anomaly " + fix.anomaly + " failed " + std::to_string(attempts.failures) +
          " times: escalated in issue #" + std::to_string(*issue));
    return {};
}

Result<std::string> GitHubAppActions::close_resolved_escalations(const RepositoryAccess& access,
                                                                 const std::string& repository,
                                                                 const nlohmann::json& report) {
    MEDIC_TRY(escalated, m_store.escalated(repository));
    if (escalated->empty())
        return std::string();
    std::set<std::string> detected;
    if (auto const anomalies = report.find("anomalies");
        anomalies != report.end() && anomalies->is_array())
        for (auto const& anomaly : *anomalies)
            if (anomaly.is_object())
                detected.insert(anomaly.value("id", std::string()));
    std::string closed;
    for (auto const& escalation : *escalated) {
        if (detected.contains(escalation.anomaly))
            continue;
        auto const number = static_cast<int>(escalation.issue);
        auto const closed_issue = github::close_issue(
            access.api(), access.ref, number,
            "The latest detection no longer finds anomaly `" + escalation.anomaly +
                "`: Medic closes this issue, and opens a new one if the anomaly comes back and "
                "Medic still cannot fix it.");
        // An issue deleted (404) or issues turned off (410) leave nothing to close.
        if (!closed_issue && closed_issue.error().code != ErrorCode::not_found) {
            m_log(repository + ": escalation #" + std::to_string(number) +
                  " not closed: " + closed_issue.error().message);
            continue;
        }
        MEDIC_RETURN_IF_ERROR(m_store.record_escalation(repository, escalation.anomaly, 0));
        MEDIC_RETURN_IF_ERROR(m_store.record_fix_attempt(repository, escalation.anomaly, true, ""));
        closed += "; escalation #" + std::to_string(number) + " closed";
    }
    return closed;
}

} // namespace medic::serve
