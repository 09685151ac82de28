#include "bot/model/draft.hpp"

namespace medic {

PatchDraft draft_for(const Anomaly& anomaly) {
    PatchDraft draft;
    draft.anomaly_id = anomaly.id;
    draft.kind = anomaly.kind;
    draft.handler = anomaly.handler.empty() ? anomaly.sequence : anomaly.handler;
    return draft;
}

} // namespace medic
