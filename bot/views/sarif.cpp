#include "bot/views/sarif.hpp"

namespace medic::views {
namespace {

nlohmann::json location(const std::string& file) {
    return {{"uri", file}, {"uriBaseId", "%SRCROOT%"}};
}

nlohmann::json region(const SourceRange& range) {
    return {{"startLine", range.begin_line},
            {"startColumn", range.begin_column},
            {"endLine", std::max(range.end_line, range.begin_line)},
            {"endColumn", range.end_line > range.begin_line
                              ? range.end_column
                              : std::max(range.end_column, range.begin_column)}};
}

nlohmann::json fixes(const Finding& finding) {
    auto list = nlohmann::json::array();
    for (auto const& fix : finding.fixes)
        list.push_back(
            {{"description", {{"text", "Medic fix-it for " + finding.check}}},
             {"artifactChanges",
              {{{"artifactLocation", location(fix.file)},
                {"replacements",
                 {{{"deletedRegion", {{"charOffset", fix.offset}, {"charLength", fix.length}}},
                   {"insertedContent", {{"text", fix.replacement}}}}}}}}}});
    return list;
}

} // namespace

nlohmann::json to_sarif(const std::vector<Finding>& findings,
                        const std::vector<CheckInfo>& checks) {
    auto rules = nlohmann::json::array();
    for (auto const& check : checks)
        rules.push_back({{"id", check.id},
                         {"shortDescription", {{"text", check.summary}}},
                         {"helpUri", "https://github.com/medic/medic/blob/main/" + check.doc},
                         {"defaultConfiguration", {{"level", "warning"}}}});
    auto results = nlohmann::json::array();
    for (auto const& finding : findings) {
        auto const rule = std::find_if(checks.begin(), checks.end(),
                                       [&](const CheckInfo& c) { return c.id == finding.check; });
        nlohmann::json result = {
            {"ruleId", finding.check},
            {"ruleIndex", rule - checks.begin()},
            {"level", "warning"},
            {"message", {{"text", finding.message + " (handler " + finding.handler + ")"}}},
            {"locations",
             {{{"physicalLocation",
                {{"artifactLocation", location(finding.range.file)},
                 {"region", region(finding.range)}}}}}}};
        if (!finding.fixes.empty())
            result["fixes"] = fixes(finding);
        results.push_back(std::move(result));
    }
    return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
            {"version", "2.1.0"},
            {"runs",
             {{{"tool", {{"driver", {{"name", "medic"}, {"version", "0.1.0"}, {"rules", rules}}}}},
               {"results", results}}}}};
}

} // namespace medic::views
