#pragma once
// The shape of a rule-based fixer (ARCHITECTURE "Plug-ins"): an id, which anomalies it can fix,
// and a proposal built from the analysis facts, or a refusal that says why.

#include "bot/model/draft.hpp"
#include "bot/model/result.hpp"

#include <memory>
#include <string>
#include <vector>

namespace medic::fix {

/// Edits that fix an anomaly, and the reasoning a reviewer reads.
struct FixProposal {
    std::vector<FixIt> edits;
    std::string root_cause;
    double confidence = 0;
};

class Fixer {
public:
    virtual ~Fixer() = default;
    /// The check id it acts on ("perf-regex-in-loop"), or its own ("reorder-sequence").
    [[nodiscard]] virtual std::string id() const = 0;
    /// True when this fixer is the one for `request` (its top finding, or its sequence).
    [[nodiscard]] virtual bool handles(const DraftRequest& request) const = 0;
    /// The edits, or an invalid_input error saying which safety condition does not hold.
    [[nodiscard]] virtual Result<FixProposal> propose(const DraftRequest& request) const = 0;
};

/// Every built-in fixer, in a fixed order (no static-init self-registration).
std::vector<std::unique_ptr<Fixer>> register_all_fixers();

/// The finding a `slow`/`trend` anomaly is blamed on: the handler's highest-weight finding.
const Finding* top_finding(const DraftRequest& request);

} // namespace medic::fix
