#pragma once
// DraftAnswer: what the model must answer for one anomaly, its JSON Schema, and the parser
// whose error messages are written to be shown back to the model on a retry.

#include "bot/model/result.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace medic::llm {

/// The schema's name as providers see it (response_format name, or the forced tool's name).
inline constexpr std::string_view k_draft_schema_name = "medic_patch_draft";

/// The model's proposal: why the anomaly happens, how sure it is, and the patch.
struct DraftAnswer {
    std::string root_cause;
    double confidence = 0; ///< 0..1.
    std::string diff;      ///< Unified diff, paths a/ b/ relative to the repository root.
};

/// The JSON Schema of a DraftAnswer, in the subset strict structured outputs accept (every
/// property required, no additional properties).
nlohmann::json draft_answer_schema();

/// Reads an answer; the error says exactly what is wrong so the model can correct itself.
Result<DraftAnswer> parse_draft_answer(std::string_view text);

} // namespace medic::llm
