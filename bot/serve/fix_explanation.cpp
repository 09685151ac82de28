#include "bot/serve/fix_explanation.hpp"

#include "bot/serve/fix_files.hpp"
#include "generators/docs/markdown.hpp"
#include "generators/templates/render_template.hpp"

namespace medic::serve {
namespace {

using kainjow::mustache::data;

/// The evidence's plain figures (numbers, strings, flags), as "name: value" items: nested
/// objects (histograms, examples) stay in the pull request's description.
data evidence_view(const nlohmann::json& evidence, bool& any) {
    data items{data::type::list};
    if (!evidence.is_object())
        return items;
    constexpr std::size_t k_most = 8;
    std::size_t shown = 0;
    for (auto const& [name, value] : evidence.items()) {
        if (shown == k_most || value.is_structured() || value.is_null())
            continue;
        data item;
        item.set("name", inline_code(name));
        item.set("value", value.is_string() ? markdown_prose(value.get<std::string>())
                                            : inline_code(value.dump()));
        items.push_back(item);
        ++shown;
    }
    any = shown > 0;
    return items;
}

} // namespace

Result<std::string> explain_fix(const store::PublishedFix& fix, const std::string& author,
                                const TemplateDirs& templates) {
    auto const anomaly = published_anomaly(fix);
    auto const draft = published_draft(fix);
    auto const text = [&](const char* key) {
        return anomaly.is_object() ? anomaly.value(key, std::string()) : std::string();
    };
    data view;
    view.set("author", plain_line(author));
    view.set("anomaly", inline_code(fix.anomaly));
    view.set("kind", markdown_prose(text("kind").empty() ? "an anomaly" : text("kind")));
    view.set("handler", inline_code(text("handler").empty() ? text("sequence") : text("handler")));
    view.set("has_summary", !text("summary").empty());
    view.set("summary", markdown_prose(text("summary")));
    bool any_evidence = false;
    view.set("evidence",
             evidence_view(anomaly.is_object() ? anomaly.value("evidence", nlohmann::json())
                                               : nlohmann::json(),
                           any_evidence));
    view.set("has_evidence", any_evidence);
    view.set("root_cause", draft && !draft->root_cause.empty() ? markdown_prose(draft->root_cause)
                                                               : std::string("not recorded"));
    view.set("strategy", inline_code(fix.strategy));
    view.set("diff_lines", std::to_string(fix.diff_lines));
    view.set("head", inline_code(fix.head_sha.substr(0, 12)));
    view.set("proof", fix.proof.empty() ? std::string("not recorded") : markdown_prose(fix.proof));
    view.set("validated", fix.validated);
    view.set("has_conflict", !fix.conflict.empty());
    view.set("conflict", markdown_prose(fix.conflict));
    view.set("has_handed_over", !fix.handed_over.empty());
    view.set("handed_over", plain_line(fix.handed_over));
    view.set("branch", fix.branch);
    return render_template(templates, "comments/explain.md.mustache", view);
}

} // namespace medic::serve
