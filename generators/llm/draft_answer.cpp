#include "generators/llm/draft_answer.hpp"

#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <cmath>

namespace medic::llm {

using nlohmann::json;

namespace {

constexpr std::string_view k_shape =
    "answer with exactly one JSON object {\"root_cause\": string, \"confidence\": number from 0 "
    "to 1, \"diff\": string holding a unified diff}";

std::unexpected<Error> wrong(std::string what) {
    return fail(ErrorCode::invalid_input, std::move(what) + "; " + std::string(k_shape));
}

// Models sometimes wrap JSON in a Markdown fence although asked not to; accept that one habit.
std::string_view without_code_fence(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    text.remove_prefix(first);
    if (!text.starts_with("```"))
        return text;
    const auto body = text.find('\n');
    const auto close = text.rfind("```");
    if (body == std::string_view::npos || close <= body)
        return text;
    return text.substr(body + 1, close - body - 1);
}

bool has_line_starting(std::string_view text, std::string_view prefix) {
    for (std::size_t start = 0; start < text.size();) {
        const auto end = text.find('\n', start);
        if (text.substr(start, end - start).starts_with(prefix))
            return true;
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return false;
}

Result<void> check_diff(std::string_view diff) {
    if (diff.empty())
        return wrong("\"diff\" is empty");
    if (!has_line_starting(diff, "--- ") || !has_line_starting(diff, "+++ ") ||
        !has_line_starting(diff, "@@ "))
        return wrong("\"diff\" is not a unified diff: it needs \"--- a/<path>\" and \"+++ "
                     "b/<path>\" lines and at least one \"@@ -l,n +l,n @@\" hunk");
    return {};
}

Result<void> check_keys(const json& answer) {
    for (const char* key : {"root_cause", "confidence", "diff"})
        if (!answer.contains(key))
            return wrong(std::string("the key \"") + key + "\" is missing");
    for (const auto& [key, value] : answer.items())
        if (key != "root_cause" && key != "confidence" && key != "diff")
            return wrong("the key \"" + key + "\" is not part of the answer");
    return {};
}

} // namespace

json draft_answer_schema() {
    return {
        {"type", "object"},
        {"properties",
         {{"root_cause",
           {{"type", "string"},
            {"description", "Why the anomaly happens, in two to five sentences, citing the "
                            "evidence and the code lines."}}},
          {"confidence",
           {{"type", "number"},
            {"description", "How likely the diff fixes the anomaly, from 0 to 1."}}},
          {"diff",
           {{"type", "string"},
            {"description", "A unified diff (--- a/path, +++ b/path, @@ hunks) with paths "
                            "relative to the repository root, touching only allowed paths."}}}}},
        {"required", {"root_cause", "confidence", "diff"}},
        {"additionalProperties", false},
    };
}

Result<DraftAnswer> parse_draft_answer(std::string_view text) {
    const json answer = json::parse(without_code_fence(text), nullptr, false);
    if (answer.is_discarded())
        return wrong("the answer is not JSON");
    if (!answer.is_object())
        return wrong(std::string("the answer is JSON but a ") + answer.type_name() +
                     ", not an object");
    MEDIC_RETURN_IF_ERROR(check_keys(answer));
    const json& root_cause = answer.at("root_cause");
    const json& confidence = answer.at("confidence");
    const json& diff = answer.at("diff");
    if (!root_cause.is_string() || root_cause.get<std::string>().empty())
        return wrong("\"root_cause\" must be a non-empty string");
    if (!confidence.is_number() || !std::isfinite(confidence.get<double>()) ||
        confidence.get<double>() < 0 || confidence.get<double>() > 1)
        return wrong("\"confidence\" must be a number from 0 to 1, not " +
                     to_json_text(confidence));
    if (!diff.is_string())
        return wrong("\"diff\" must be a string");
    MEDIC_RETURN_IF_ERROR(check_diff(diff.get_ref<const std::string&>()));
    return DraftAnswer{root_cause.get<std::string>(), confidence.get<double>(),
                       diff.get<std::string>()};
}

} // namespace medic::llm
