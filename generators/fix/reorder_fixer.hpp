#pragma once
// reorder-sequence: a misordered sequence's declaration rewritten to the expected order, by
// moving its elements' source text (initializer-list elements, chained calls' arguments, or
// whole consecutive statements) — nothing else in the file changes.

#include "generators/fix/fixer.hpp"

namespace medic::fix {

class ReorderFixer final : public Fixer {
public:
    [[nodiscard]] std::string id() const override { return "reorder-sequence"; }
    [[nodiscard]] bool handles(const DraftRequest& request) const override;
    [[nodiscard]] Result<FixProposal> propose(const DraftRequest& request) const override;
};

} // namespace medic::fix
