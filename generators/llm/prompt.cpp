#include "generators/llm/prompt.hpp"

#include "generators/llm/draft_answer.hpp"
#include "generators/llm/prompt_view.hpp"

#include <fstream>
#include <sstream>

namespace medic::llm {

namespace fs = std::filesystem;

namespace {

Result<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::not_found, "cannot read the prompt template " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The repository's copy wins, so a team can tune the prompt without forking Medic.
Result<std::string> load_template(std::string_view name, const fs::path& templates_dir,
                                  const fs::path& repo_override_dir) {
    const fs::path relative = fs::path("prompts") / name;
    if (!repo_override_dir.empty()) {
        std::error_code ignored;
        if (const fs::path own = repo_override_dir / relative; fs::is_regular_file(own, ignored))
            return read_text(own);
    }
    return read_text(templates_dir / relative);
}

// Sections left out leave their blank separator lines behind; one blank line is enough.
std::string squeeze_blank_lines(std::string text) {
    for (auto at = text.find("\n\n\n"); at != std::string::npos; at = text.find("\n\n\n", at))
        text.erase(at, 1);
    return text;
}

Result<std::string> render(std::string_view name, const fs::path& templates_dir,
                           const fs::path& repo_override_dir, const kainjow::mustache::data& view) {
    auto text = load_template(name, templates_dir, repo_override_dir);
    if (!text)
        return std::unexpected(text.error());
    kainjow::mustache::mustache engine(*text);
    if (!engine.is_valid())
        return fail(ErrorCode::invalid_input,
                    "the prompt template prompts/" + std::string(name) +
                        " is not valid Mustache: " + engine.error_message());
    // Prompts are plain text, not HTML: no &quot; in code. Untrusted text is neutralised
    // before it reaches the view (neutralise_markup).
    engine.set_custom_escape([](const std::string& value) { return value; });
    std::string rendered = engine.render(view);
    if (!engine.is_valid())
        return fail(ErrorCode::invalid_input, "rendering prompts/" + std::string(name) +
                                                  " failed: " + engine.error_message());
    return squeeze_blank_lines(std::move(rendered));
}

} // namespace

fs::path repo_template_dir(const fs::path& repo_root) {
    return repo_root / ".github" / "medic" / "templates";
}

Result<LlmPrompt> render_prompt(const DraftRequest& request, const fs::path& templates_dir,
                                const fs::path& repo_override_dir) {
    const kainjow::mustache::data view = prompt_view(request);
    auto system = render("system.mustache", templates_dir, repo_override_dir, view);
    if (!system)
        return std::unexpected(system.error());
    auto user = render("draft.mustache", templates_dir, repo_override_dir, view);
    if (!user)
        return std::unexpected(user.error());
    return LlmPrompt{std::move(*system),
                     {ChatMessage{"user", std::move(*user)}},
                     draft_answer_schema(),
                     std::string(k_draft_schema_name)};
}

} // namespace medic::llm
