#include "generators/llm/prompt.hpp"

#include "bot/model/result.hpp"
#include "generators/llm/draft_answer.hpp"
#include "generators/llm/prompt_view.hpp"
#include "generators/templates/render_template.hpp"

namespace medic::llm {

namespace fs = std::filesystem;

namespace {

// Prompts are plain text, not HTML: render_template inserts values as they are. Untrusted text
// is neutralised before it reaches the view (neutralise_markup).
Result<std::string> render(std::string_view name, const fs::path& templates_dir,
                           const fs::path& repo_override_dir, const kainjow::mustache::data& view) {
    return render_template(TemplateDirs{templates_dir, repo_override_dir},
                           "prompts/" + std::string(name), view);
}

} // namespace

fs::path repo_template_dir(const fs::path& repo_root) {
    return repo_root / ".github" / "medic" / "templates";
}

Result<LlmPrompt> render_prompt(const DraftRequest& request, const fs::path& templates_dir,
                                const fs::path& repo_override_dir) {
    const kainjow::mustache::data view = prompt_view(request);
    MEDIC_TRY(system, render("system.mustache", templates_dir, repo_override_dir, view));
    MEDIC_TRY(user, render("draft.mustache", templates_dir, repo_override_dir, view));
    return LlmPrompt{std::move(*system),
                     {ChatMessage{"user", std::move(*user)}},
                     draft_answer_schema(),
                     std::string(k_draft_schema_name)};
}

} // namespace medic::llm
