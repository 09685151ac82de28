#pragma once
// Fixers that apply a check's own fix-its: the check decided, with the AST in hand, whether its
// rewrite is safe (e.g. the parameter is never modified, the loop bound is known); when it was
// not, its fix note says why, and the fixer refuses with that reason.

#include "generators/fix/fixer.hpp"

namespace medic::fix {

class FindingFixer final : public Fixer {
public:
    /// `root_cause`: the sentence a reviewer reads; "{function}" and "{message}" are filled in.
    FindingFixer(std::string check, std::string root_cause, double confidence);
    [[nodiscard]] std::string id() const override { return m_check; }
    [[nodiscard]] bool handles(const DraftRequest& request) const override;
    [[nodiscard]] Result<FixProposal> propose(const DraftRequest& request) const override;

private:
    std::string m_check;
    std::string m_root_cause;
    double m_confidence;
};

} // namespace medic::fix
