#include "bot/model/draft.hpp"

#include "bot/model/stable_hash.hpp"

namespace medic {

PatchDraft draft_for(const Anomaly& anomaly) {
    PatchDraft draft;
    draft.anomaly_id = anomaly.id;
    draft.kind = anomaly.kind;
    draft.handler = anomaly.handler.empty() ? anomaly.sequence : anomaly.handler;
    return draft;
}

std::string change_fingerprint(std::string_view diff) {
    auto hash = k_fnv1a_offset;
    while (!diff.empty()) {
        auto const end = diff.find('\n');
        auto line = diff.substr(0, end);
        diff = end == std::string_view::npos ? std::string_view() : diff.substr(end + 1);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        // The files (--- a/x, +++ b/x) and the changed lines; never positions or context.
        bool const changed = line.starts_with('+') || line.starts_with('-');
        if (changed)
            hash = fnv1a("\n", fnv1a(line, hash));
    }
    return hex16(hash);
}

std::optional<std::string> rejection_of(const PatchDraft& draft, const DraftRequest& request) {
    if (request.rejected_changes.empty())
        return std::nullopt;
    auto const found = request.rejected_changes.find(change_fingerprint(draft.diff));
    if (found == request.rejected_changes.end())
        return std::nullopt;
    return "the same change as " + found->second + ": never proposed again";
}

} // namespace medic
