#pragma once
// render_prompt: the LLM prompt for one DraftRequest, from Mustache templates a repository may
// override (templates/prompts/system.mustache and draft.mustache).

#include "bot/model/draft.hpp"
#include "generators/llm/llm_provider.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace medic::llm {

/// Opens the fence around log and telemetry text in the user prompt.
inline constexpr std::string_view k_untrusted_open = "<untrusted-telemetry>";
/// Closes it; text inside the fence can never spell it (see neutralise_markup).
inline constexpr std::string_view k_untrusted_close = "</untrusted-telemetry>";

/// Open and close the fence around a reviewer's feedback (`/medic revise`, a review).
inline constexpr std::string_view k_untrusted_feedback_open = "<untrusted-review-feedback>";
inline constexpr std::string_view k_untrusted_feedback_close = "</untrusted-review-feedback>";

/// Where a repository keeps its template overrides: <repo>/.github/medic/templates.
std::filesystem::path repo_template_dir(const std::filesystem::path& repo_root);

/// The system and user prompt plus the answer schema for `request`. Each template
/// (prompts/system.mustache, prompts/draft.mustache) is read from `repo_override_dir` when it
/// has one (empty path: no overrides), else from `templates_dir` (Medic's templates/).
Result<LlmPrompt> render_prompt(const DraftRequest& request,
                                const std::filesystem::path& templates_dir,
                                const std::filesystem::path& repo_override_dir);

/// A source excerpt as "  42 | code" lines, numbers right-aligned.
std::string number_lines(const SourceExcerpt& excerpt);

/// `text` with '&', '<' and '>' written as &amp; &lt; &gt;, so untrusted text can never open or
/// close a fence (or any other tag) in the prompt, whatever it contains.
std::string neutralise_markup(std::string_view text);

} // namespace medic::llm
