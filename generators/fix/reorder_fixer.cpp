#include "generators/fix/reorder_fixer.hpp"

#include "bot/model/text.hpp"

#include <algorithm>
#include <set>

namespace medic::fix {
namespace {

/// Why the declared elements cannot simply be permuted into `expected`; empty when they can.
std::string refusal_of(const SequenceSite& site, const std::vector<std::string>& expected) {
    std::vector<std::string> declared;
    for (auto const& element : site.elements) {
        if (element.movable.length == 0)
            return "step '" + element.spelled + "' is written inside a macro";
        if (element.movable.file != site.elements.front().movable.file)
            return "the steps are declared in more than one file";
        declared.push_back(element.step);
    }
    if (std::set(declared.begin(), declared.end()).size() != declared.size())
        return "a step is declared twice";
    auto sorted_declared = declared;
    auto sorted_expected = expected;
    std::sort(sorted_declared.begin(), sorted_declared.end());
    std::sort(sorted_expected.begin(), sorted_expected.end());
    if (sorted_declared != sorted_expected)
        return "the declaration lists " + join(declared, ", ") + " but the expected order has " +
               join(expected, ", ");
    if (declared == expected)
        return "the declaration already has the expected order";
    return {};
}

} // namespace

bool ReorderFixer::handles(const DraftRequest& request) const {
    return request.anomaly.kind == AnomalyKind::misordered && request.sequence.has_value();
}

Result<FixProposal> ReorderFixer::propose(const DraftRequest& request) const {
    auto const& site = *request.sequence;
    auto const refusal = refusal_of(site, request.expected_order);
    if (!refusal.empty())
        return fail(ErrorCode::invalid_input, "reorder-sequence: " + refusal);
    FixProposal proposal;
    std::vector<std::string> declared;
    for (std::size_t i = 0; i < site.elements.size(); ++i) {
        auto const& slot = site.elements[i].movable;
        auto const& wanted = *std::find_if(
            site.elements.begin(), site.elements.end(),
            [&](const SequenceElement& e) { return e.step == request.expected_order[i]; });
        declared.push_back(site.elements[i].spelled);
        if (wanted.movable.text != slot.text)
            proposal.edits.push_back({slot.file, slot.offset, slot.length,
                                      site.elements[i].range.begin_line,
                                      site.elements[i].range.begin_column, wanted.movable.text});
    }
    std::vector<std::string> expected_spelled;
    for (auto const& step : request.expected_order)
        expected_spelled.push_back(
            std::find_if(site.elements.begin(), site.elements.end(), [&](const SequenceElement& e) {
                return e.step == step;
            })->spelled);
    proposal.root_cause = "Sequence '" + site.sequence + "' is declared (" + site.shape + ") as " +
                          join(declared, " → ") + ", so its steps run in that order; " +
                          "production runs succeed in the order " + join(expected_spelled, " → ") +
                          ".";
    proposal.confidence = 0.9;
    return proposal;
}

} // namespace medic::fix
