#pragma once
// PatchDraft: the draft stage's output (SPEC "Draft") — a unified diff with the reasoning behind
// it — and DraftRequest, everything a fixer or a model is shown about one anomaly.

#include "bot/model/anomaly.hpp"
#include "bot/model/code.hpp"
#include "bot/model/finding.hpp"
#include "bot/model/strategy.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// A piece of a repository file shown to a model, with its first line's number.
struct SourceExcerpt {
    std::string path; ///< Relative to the repository root.
    unsigned first_line = 1;
    std::string text;
};

/// A reviewer's request to change a fix already proposed (`/medic revise`, a review asking for
/// changes): what they asked, and what they were looking at. The feedback is untrusted text: it
/// is shown fenced, never followed as instructions, and never widens allowed_paths.
struct Revision {
    std::string feedback;         ///< The reviewer's words (and a review's line comments).
    std::string reviewer;         ///< Their login.
    std::string previous_diff;    ///< The fix as the pull request has it now.
    std::string previous_verdict; ///< What validation said of it ("tests pass, 3.1x faster").
};

/// What the draft stage knows about one anomaly: the evidence, where it lives, what the checks
/// said, and which files a patch may touch.
struct DraftRequest {
    Anomaly anomaly;
    std::optional<CodeSite> site;            ///< The located handler (not for sequence anomalies).
    std::optional<SequenceSite> sequence;    ///< Where a misordered sequence is declared.
    std::vector<std::string> expected_order; ///< For `misordered`: the order to restore.
    std::vector<Finding> findings;           ///< Checks' findings on the handler and callees.
    std::vector<SourceExcerpt> sources;      ///< Handler and callee source, numbered.
    /// Repository-relative paths (files, or folders ending in '/') a patch may touch.
    std::vector<std::string> allowed_paths;
    /// Folders of vendored code (code.vendored, submodules, build trees): never patched, even
    /// where allowed_paths would cover them.
    std::vector<std::string> vendored_paths;
    std::string conventions; ///< e.g. the repository's .clang-format, C++ standard.
    /// Log and telemetry text (error messages, example inputs). Untrusted: shown fenced, never
    /// followed as instructions, never widening allowed_paths.
    std::vector<std::string> untrusted_text;
    /// Set when a reviewer asked for this draft to change an earlier one (the model only).
    std::optional<Revision> revision;
    /// Changes reviewers rejected for this anomaly (change_fingerprint -> why): never proposed
    /// again, whichever strategy drafts them; another change still may be.
    std::map<std::string, std::string> rejected_changes;
};

/// One patch for one anomaly: the diff and why it should fix the problem.
struct PatchDraft {
    std::string anomaly_id;
    AnomalyKind kind = AnomalyKind::slow; ///< The anomaly's kind.
    std::string handler;                  ///< Or the sequence name for sequence anomalies.
    Strategy strategy = Strategy::rules;
    std::string fixer; ///< The rule's id ("perf-regex-in-loop") or "<provider>:<model>".
    std::string root_cause;
    double confidence = 0; ///< 0..1.
    std::string diff;      ///< Unified diff, paths relative to the repository root (a/ b/).
    std::vector<std::string> files; ///< Files the diff touches.
    /// Why strategies tried before this one gave no patch (a refused rule, a bad LLM answer).
    std::vector<std::string> refusals;
    unsigned attempts = 0;                              ///< Model calls spent on this draft.
    nlohmann::json exchanges = nlohmann::json::array(); ///< Redacted LLM requests/answers.
};

/// An empty draft for `anomaly`: its id, kind and handler (or sequence) filled in.
PatchDraft draft_for(const Anomaly& anomaly);

/// A fingerprint of the change `diff` makes: the files it touches and the lines it removes and
/// adds, not where they are (hunk positions, context), so the same change on a base that moved
/// has the same fingerprint. 16 hex digits.
std::string change_fingerprint(std::string_view diff);

/// Why `draft` must not be proposed (its change was rejected before), or nothing.
std::optional<std::string> rejection_of(const PatchDraft& draft, const DraftRequest& request);

} // namespace medic
