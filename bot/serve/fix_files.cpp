#include "bot/serve/fix_files.hpp"

#include "bot/model/json.hpp"
#include "bot/model/text_file.hpp"

#include <filesystem>

namespace medic::serve {

std::optional<PatchDraft> published_draft(const store::PublishedFix& fix) {
    if (fix.report.empty())
        return std::nullopt;
    auto const file = std::filesystem::path(fix.report).parent_path() / fix.anomaly / "draft.json";
    if (auto const text = read_text_file(file))
        if (auto draft = from_json_text<PatchDraft>(*text, "draft.json"))
            return std::move(*draft);
    return std::nullopt;
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
