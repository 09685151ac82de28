#include "generators/llm/prompt_view.hpp"

#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "generators/llm/prompt.hpp"

#include <algorithm>

namespace medic::llm {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

std::string place(const SourceRange& range) {
    if (range.file.empty())
        return "(unknown place)";
    return range.file + ":" + std::to_string(range.begin_line);
}

// Evidence is telemetry-derived JSON: '<' and '>' only occur inside its strings, where the
// escapes \u003c and \u003e mean the same characters, so the JSON stays valid and exact. The
// latency distribution kept for the check after the merge (hundreds of bin counts) is left out:
// the quantiles beside it say what a model can use.
std::string evidence_json(nlohmann::json evidence) {
    if (auto latency = evidence.find("latency"); latency != evidence.end() && latency->is_object())
        latency->erase("sketch");
    std::string text = to_json_text(evidence, 2);
    std::string safe;
    safe.reserve(text.size());
    for (const char c : text) {
        if (c == '<')
            safe += "\\u003c";
        else if (c == '>')
            safe += "\\u003e";
        else
            safe += c;
    }
    return safe;
}

data strings(const std::vector<std::string>& values) {
    list items;
    for (const auto& value : values)
        items.emplace_back(value);
    return items;
}

data sources_view(const DraftRequest& request) {
    list items;
    for (const auto& excerpt : request.sources) {
        data item;
        item.set("path", excerpt.path);
        item.set("first_line", std::to_string(excerpt.first_line));
        item.set("numbered", number_lines(excerpt));
        items.push_back(item);
    }
    return items;
}

data findings_view(const DraftRequest& request) {
    list items;
    for (const auto& finding : request.findings) {
        data item;
        item.set("check", finding.check);
        item.set("function", finding.function);
        item.set("place", place(finding.range));
        item.set("message", finding.message);
        item.set("in_loop", finding.in_loop);
        item.set("has_fix_note", !finding.fix_note.empty());
        item.set("fix_note", finding.fix_note);
        item.set("has_fixit", !finding.fixes.empty());
        items.push_back(item);
    }
    return items;
}

void set_anomaly(data& view, const Anomaly& anomaly) {
    view.set("anomaly_id", anomaly.id);
    view.set("kind", std::string(to_string(anomaly.kind)));
    view.set("severity", std::string(to_string(anomaly.severity)));
    view.set("handler", anomaly.handler);
    view.set("sequence_name", anomaly.sequence);
    view.set("subject", anomaly.handler.empty() ? "sequence " + anomaly.sequence : anomaly.handler);
    view.set("summary", neutralise_markup(anomaly.summary));
    view.set("evidence", evidence_json(anomaly.evidence));
}

void set_site(data& view, const DraftRequest& request) {
    view.set("has_site", request.site.has_value());
    if (!request.site)
        return;
    view.set("qualified_name", request.site->qualified_name);
    view.set("definition", place(request.site->definition));
    std::vector<std::string> tests = request.site->test_files;
    view.set("has_tests", !tests.empty());
    view.set("test_files", strings(tests));
}

void set_sequence(data& view, const DraftRequest& request) {
    view.set("has_sequence", request.sequence.has_value() || !request.expected_order.empty());
    view.set("has_expected_order", !request.expected_order.empty());
    view.set("expected_order", join(request.expected_order, " → "));
    view.set("has_declaration", request.sequence.has_value());
    if (!request.sequence)
        return;
    std::vector<std::string> declared;
    for (const auto& element : request.sequence->elements)
        declared.push_back(element.step + " (written as " + element.spelled + " at " +
                           place(element.range) + ")");
    view.set("declaration_shape", request.sequence->shape);
    view.set("declaration_place", place(request.sequence->range));
    view.set("declared_order", strings(declared));
}

void set_untrusted(data& view, const DraftRequest& request) {
    std::vector<std::string> texts;
    for (const auto& text : request.untrusted_text)
        texts.push_back(neutralise_markup(text));
    view.set("has_untrusted", !texts.empty());
    view.set("untrusted", strings(texts));
    view.set("untrusted_open", std::string(k_untrusted_open));
    view.set("untrusted_close", std::string(k_untrusted_close));
}

/// A reviewer's revision request: their words fenced like telemetry text (a reviewer's comment
/// is as untrusted as a log line: anyone may have written the text they quote), the fix they
/// looked at and what validation said of it.
void set_revision(data& view, const DraftRequest& request) {
    view.set("has_revision", request.revision.has_value());
    if (!request.revision)
        return;
    auto const& revision = *request.revision;
    view.set("reviewer", neutralise_markup(revision.reviewer));
    view.set("feedback", neutralise_markup(revision.feedback));
    auto diff = revision.previous_diff;
    if (!diff.empty() && !diff.ends_with('\n'))
        diff += '\n';
    view.set("previous_diff", diff);
    // A fence the diff cannot close (a changed Markdown file may hold ``` lines).
    std::size_t longest = 0;
    std::size_t run = 0;
    for (char const c : diff) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    view.set("previous_diff_fence", std::string(std::max<std::size_t>(3, longest + 1), '`'));
    view.set("has_previous_verdict", !revision.previous_verdict.empty());
    view.set("previous_verdict", neutralise_markup(revision.previous_verdict));
    view.set("feedback_open", std::string(k_untrusted_feedback_open));
    view.set("feedback_close", std::string(k_untrusted_feedback_close));
}

} // namespace

kainjow::mustache::data prompt_view(const DraftRequest& request) {
    data view;
    set_anomaly(view, request.anomaly);
    set_site(view, request);
    view.set("has_sources", !request.sources.empty());
    view.set("sources", sources_view(request));
    view.set("has_findings", !request.findings.empty());
    view.set("findings", findings_view(request));
    set_sequence(view, request);
    view.set("has_allowed_paths", !request.allowed_paths.empty());
    view.set("allowed_paths", strings(request.allowed_paths));
    view.set("has_conventions", !request.conventions.empty());
    view.set("conventions", request.conventions);
    set_untrusted(view, request);
    set_revision(view, request);
    return view;
}

std::string number_lines(const SourceExcerpt& excerpt) {
    std::vector<std::string_view> lines;
    std::string_view rest = excerpt.text;
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        lines.push_back(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    const auto last = excerpt.first_line + (lines.empty() ? 0 : lines.size() - 1);
    const int width = std::max<int>(4, static_cast<int>(std::to_string(last).size()));
    std::string numbered;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string number = std::to_string(excerpt.first_line + i);
        numbered.append(static_cast<std::size_t>(width) - number.size(), ' ');
        numbered.append(number).append(" | ").append(lines[i]).append("\n");
    }
    return numbered;
}

std::string neutralise_markup(std::string_view text) {
    std::string safe;
    safe.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            safe += "&amp;";
            break;
        case '<':
            safe += "&lt;";
            break;
        case '>':
            safe += "&gt;";
            break;
        default:
            safe += c;
        }
    }
    return safe;
}

} // namespace medic::llm
