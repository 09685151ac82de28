#include "bot/serve/fix_files.hpp"

#include "bot/model/json.hpp"
#include "bot/model/text_file.hpp"

#include <filesystem>

namespace medic::serve {

std::string taker_of(std::string_view handed_over) {
    if (handed_over.empty() || handed_over == k_unknown_taker)
        return "someone";
    return "@" + std::string(handed_over);
}

std::optional<PatchDraft> published_draft(const store::PublishedFix& fix) {
    if (fix.report.empty())
        return std::nullopt;
    auto const file = std::filesystem::path(fix.report).parent_path() / fix.anomaly / "draft.json";
    if (auto const text = read_text_file(file))
        if (auto draft = from_json_text<PatchDraft>(*text, "draft.json"))
            return std::move(*draft);
    return std::nullopt;
}

Result<void> record_rejection(store::Store& store, const store::PublishedFix& fix,
                              const std::string& why) {
    auto const draft = published_draft(fix);
    if (!draft)
        return {};
    return store.record_rejected_change(
        {fix.repository, fix.anomaly, change_fingerprint(draft->diff), fix.number, why, {}});
}

nlohmann::json published_anomaly(const store::PublishedFix& fix) {
    if (fix.report.empty())
        return nullptr;
    auto const text = read_text_file(fix.report);
    auto const report = parse_json_or_null(text.value_or(""));
    if (!report.is_object() || !report.contains("anomalies") || !report["anomalies"].is_array())
        return nullptr;
    for (auto const& anomaly : report["anomalies"])
        if (anomaly.is_object() && anomaly.value("id", std::string()) == fix.anomaly)
            return anomaly;
    return nullptr;
}

} // namespace medic::serve
