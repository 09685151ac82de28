#include "generators/docs/doc_generator.hpp"

#include "bot/model/result.hpp"
#include "generators/docs/changelog.hpp"
#include "generators/docs/commit_message.hpp"
#include "generators/docs/doc_view.hpp"
#include "generators/docs/markdown.hpp"
#include "generators/templates/render_template.hpp"
#include "generators/tests/generated_names.hpp"

#include <cctype>

namespace medic {

namespace {

constexpr std::size_t k_branch_id_length = 8;

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r'))
        text.pop_back();
    return text;
}

// Renders each document in turn, stopping at the first error.
class Renderer {
public:
    Renderer(const TemplateDirs& templates, const kainjow::mustache::data& view)
        : m_templates(templates), m_view(view) {}

    std::string operator()(std::string_view name) {
        if (!m_error.message.empty())
            return {};
        auto text = render_template(m_templates, "docs/" + std::string(name), m_view);
        if (text)
            return std::move(*text);
        m_error = text.error();
        return {};
    }

    [[nodiscard]] const Error* error() const {
        return m_error.message.empty() ? nullptr : &m_error;
    }

private:
    const TemplateDirs& m_templates;
    const kainjow::mustache::data& m_view;
    Error m_error;
};

Result<void> add_changelog(GeneratedDocs& docs, const DocRequest& request, Renderer& render) {
    if (!request.changelog)
        return {};
    MEDIC_TRY(path, checked_relative_path("generate.changelog", request.generate.changelog));
    const std::string entry = trimmed(render("changelog_entry.md.mustache"));
    if (render.error() != nullptr)
        return std::unexpected(*render.error());
    docs.files.push_back({*path, insert_changelog_entry(*request.changelog, entry)});
    return {};
}

} // namespace

Result<GeneratedDocs> generate_docs(const DocRequest& request, const TemplateDirs& templates) {
    MEDIC_TRY(docs_dir, checked_relative_path("generate.docs_dir", request.generate.docs_dir));
    MEDIC_TRY(view, doc_view(request));
    Renderer render(templates, *view);
    GeneratedDocs docs;
    docs.files.push_back(
        {*docs_dir + "/" + request.anomaly.id + ".md", render("fix_record.md.mustache")});
    docs.commit_message =
        trimmed(wrap_commit_message(render("commit_message.txt.mustache"))) + "\n";
    docs.pr_title = plain_line(render("pr_title.txt.mustache"));
    docs.pr_body = render("pr_body.md.mustache");
    if (render.error() != nullptr)
        return std::unexpected(*render.error());
    // Publishing finds the pull request again by this marker: it is there whatever the template.
    if (const std::string marker = fingerprint_marker(request.anomaly);
        docs.pr_body.find(marker) == std::string::npos)
        docs.pr_body = trimmed(std::move(docs.pr_body)) + "\n\n" + marker + "\n";
    MEDIC_RETURN_IF_ERROR(add_changelog(docs, request, render));
    return docs;
}

std::string fingerprint_marker(const Anomaly& anomaly) {
    return "<!-- medic:fingerprint=" + anomaly.id + " -->";
}

std::string fix_branch_name(const Anomaly& anomaly) {
    std::string id;
    for (const char c : anomaly.id.substr(0, k_branch_id_length))
        if (std::isalnum(static_cast<unsigned char>(c)) != 0)
            id += c;
    return "medic/" + std::string(to_string(anomaly.kind)) + "/" +
           handler_slug(anomaly_subject(anomaly)) + "-" + id;
}

} // namespace medic
