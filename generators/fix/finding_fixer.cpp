#include "generators/fix/finding_fixer.hpp"

namespace medic::fix {
namespace {

/// The function as a reviewer reads it: a lambda has no name, so it is the handler's lambda.
std::string function_text(const Finding& finding, const DraftRequest& request) {
    constexpr std::string_view k_lambda = "lambda at ";
    if (!finding.function.starts_with(k_lambda))
        return finding.function;
    auto place = finding.function.substr(k_lambda.size());
    place = place.substr(0, place.rfind(':')); // file:line, without the column
    if (request.site && request.site->qualified_name == finding.function)
        return "The " + request.anomaly.handler + " handler (the lambda at " + place + ")";
    return "The lambda at " + place;
}

std::string filled(std::string text, const Finding& finding, const DraftRequest& request) {
    for (auto const& [key, value] :
         {std::pair<std::string, std::string>{"{function}", function_text(finding, request)},
          {"{message}", finding.message}})
        for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at))
            text.replace(at, key.size(), value), at += value.size();
    return text;
}

} // namespace

const Finding* top_finding(const DraftRequest& request) {
    const Finding* top = nullptr;
    for (auto const& finding : request.findings)
        if (finding.handler == request.anomaly.handler &&
            (top == nullptr || finding.weight > top->weight))
            top = &finding;
    return top;
}

FindingFixer::FindingFixer(std::string check, std::string root_cause, double confidence)
    : m_check(std::move(check)), m_root_cause(std::move(root_cause)), m_confidence(confidence) {}

bool FindingFixer::handles(const DraftRequest& request) const {
    auto const kind = request.anomaly.kind;
    auto const* top = top_finding(request);
    return (kind == AnomalyKind::slow || kind == AnomalyKind::trend) && top != nullptr &&
           top->check == m_check;
}

Result<FixProposal> FindingFixer::propose(const DraftRequest& request) const {
    auto const* top = top_finding(request);
    FixProposal proposal{{}, filled(m_root_cause, *top, request), m_confidence};
    std::string notes;
    // Every finding of this check in the handler: the same cause, repeated, is fixed at once.
    for (auto const& finding : request.findings) {
        if (finding.handler != request.anomaly.handler || finding.check != m_check)
            continue;
        proposal.edits.insert(proposal.edits.end(), finding.fixes.begin(), finding.fixes.end());
        if (finding.fixes.empty() && !finding.fix_note.empty())
            notes += (notes.empty() ? "" : "; ") + finding.range.file + ":" +
                     std::to_string(finding.range.begin_line) + ": " + finding.fix_note;
    }
    if (top->fixes.empty())
        return fail(ErrorCode::invalid_input,
                    m_check + ": no safe rewrite (" + (notes.empty() ? "no fix-it" : notes) + ")");
    return proposal;
}

} // namespace medic::fix
