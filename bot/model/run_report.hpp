#pragma once
// The run report (`medic.run/v1`, <out>/run.json): what one pipeline run did with each anomaly —
// its status, the draft's strategy and root cause, the verdict, the branch and pull request —
// and the seconds each stage took. Written by the pipeline, read by whoever shows it.

#include "bot/model/anomaly.hpp"
#include "bot/model/verdict.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// Seconds spent per stage ("detect", "locate", "draft", "generate", "validate", "publish").
using StageTimes = std::map<std::string, double>;

/// Where one anomaly's way through the pipeline ended.
enum class FixStatus {
    published,     ///< Validated and pushed (and its PR opened or updated).
    validated,     ///< Validated; not published (publish: none).
    not_validated, ///< The draft did not prove itself (the reason says which step).
    held,          ///< Validated, but the policy holds it back for now (a later run publishes).
    no_draft,      ///< No strategy gave a vetted diff.
    covered,       ///< No draft needed: another anomaly's draft makes this change.
    failed,        ///< Something outside the draft went wrong (disk, git, GitHub).
};

std::string_view to_string(FixStatus status);
std::optional<FixStatus> parse_fix_status(std::string_view text);

/// Nothing is left to do for this anomaly in this run: the exit code counts it as a success.
bool is_settled(FixStatus status);

/// The pull request a `publish: github` run opened or updated for a fix.
struct PullRequestRecord {
    int number = 0;
    std::string url;
    std::string action; ///< "opened", "updated", "unchanged".
    std::string merge;  ///< "merged", "auto-merge enabled", "not merged: <why>".
    std::vector<std::string> warnings;
};

/// One anomaly's line of the run report.
struct FixRecord {
    std::string anomaly; ///< The anomaly's id.
    AnomalyKind kind = AnomalyKind::slow;
    std::string handler; ///< Its handler, or its sequence for `misordered`.
    FixStatus status = FixStatus::failed;
    std::string reason;     ///< Why it stopped where it did (or what proved it).
    std::string strategy;   ///< "rules/<fixer>" or "llm/<model>"; empty without a draft.
    std::string root_cause; ///< The draft's explanation; empty without a draft.
    /// What the draft stage decided before this draft: strategies skipped, reordered by past
    /// outcomes, or that gave nothing (the draft's refusals); empty without a draft.
    std::vector<std::string> draft_notes;
    int diff_lines = 0; ///< Added + removed lines of the draft's diff; 0 without a draft.
    std::optional<Verdict> verdict;
    std::string branch;
    std::string commit;
    bool branch_changed = false;
    std::string pull_request_body; ///< The PR body's file.
    std::optional<PullRequestRecord> pull_request;
    StageTimes stage_seconds;
};

/// The whole run.
struct RunReport {
    std::string schema = "medic.run/v1";
    std::vector<FixRecord> fixes;
    StageTimes stage_seconds;
    double wall_seconds = 0;
    double command_seconds = 0; ///< Spent in the repository's own commands (builds, tests).
};

/// The seconds the repository's own commands took over the run's verdicts.
double command_seconds_of(const std::vector<FixRecord>& fixes);

} // namespace medic
