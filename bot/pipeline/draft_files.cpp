#include "bot/pipeline/draft_files.hpp"

#include "bot/model/json.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/analysis.hpp"

namespace medic::pipeline {
namespace {

namespace fs = std::filesystem;

Result<std::string> read_text(const std::string& path) {
    auto text = read_text_file(path);
    if (!text)
        return fail(ErrorCode::not_found, path + ": cannot read it");
    return std::move(*text);
}

/// The anomaly `id` from the report at `path`.
Result<Anomaly> anomaly_in_report(const std::string& path, const std::string& id) {
    MEDIC_TRY(report, pipeline::read_report(path));
    for (auto const& anomaly : report->anomalies)
        if (anomaly.id == id)
            return anomaly;
    return fail(ErrorCode::not_found, path + " has no anomaly " + id);
}

} // namespace

Result<void> write_draft_files(const std::filesystem::path& out, const PatchDraft& draft,
                               const Anomaly& anomaly) {
    if (auto checked = check_anomaly_id(draft.anomaly_id); !checked)
        return checked;
    if (auto written = write_text_file(out / (draft.anomaly_id + ".diff"), draft.diff); !written)
        return written;
    auto json = nlohmann::json(draft);
    json["anomaly"] = anomaly;
    return write_text_file(out / (draft.anomaly_id + ".json"), to_json_text(json, 2) + "\n");
}

Result<std::pair<Anomaly, PatchDraft>> read_draft_file(const std::string& patch,
                                                       const std::string& anomalies) {
    MEDIC_TRY(text, read_text(patch));
    if (fs::path(patch).extension() == ".json") {
        MEDIC_TRY(json, from_json_text<nlohmann::json>(*text, patch));
        MEDIC_TRY(draft, from_json_value<PatchDraft>(*json, patch));
        MEDIC_RETURN_IF_ERROR(check_anomaly_id(draft->anomaly_id));
        if (json->contains("anomaly")) {
            MEDIC_TRY(anomaly, from_json_value<Anomaly>((*json)["anomaly"], patch));
            if (anomaly->id != draft->anomaly_id)
                return fail(ErrorCode::invalid_input, patch + ": the draft is for anomaly " +
                                                          draft->anomaly_id +
                                                          " but carries anomaly " + anomaly->id);
            return std::pair{std::move(*anomaly), std::move(*draft)};
        }
        MEDIC_TRY(anomaly, anomaly_in_report(anomalies, draft->anomaly_id));
        return std::pair{std::move(*anomaly), std::move(*draft)};
    }
    if (anomalies.empty())
        return fail(ErrorCode::invalid_input,
                    "a .diff needs --anomalies REPORT (its name is the anomaly id); a medic fix "
                    "<id>.json carries its anomaly");
    MEDIC_TRY(anomaly, anomaly_in_report(anomalies, fs::path(patch).stem().string()));
    auto draft = draft_for(*anomaly);
    draft.strategy = Strategy::manual;
    draft.fixer = "given";
    draft.root_cause = "(given with --patch)";
    draft.diff = std::move(*text);
    return std::pair{std::move(*anomaly), std::move(draft)};
}

} // namespace medic::pipeline
