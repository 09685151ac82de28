#include "generators/docs/doc_view.hpp"

#include "bot/model/result.hpp"
#include "generators/docs/commit_message.hpp"
#include "generators/docs/evidence_view.hpp"
#include "generators/docs/markdown.hpp"
#include "generators/docs/validation_view.hpp"
#include "generators/templates/number_text.hpp"
#include "generators/tests/generated_names.hpp"
#include "generators/tests/recorded_examples.hpp"

#include <cctype>

namespace medic {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// A ValidateConfig command as a reviewer types it in a checkout of the branch.
std::string filled_in(std::string command, const DocRequest& request) {
    const std::string jobs =
        request.validate.jobs > 0 ? std::to_string(request.validate.jobs) : "\"$(nproc)\"";
    command = replace_all(std::move(command), "{source}", ".");
    command = replace_all(std::move(command), "{build}", "build");
    command = replace_all(std::move(command), "{jobs}", jobs);
    return replace_all(std::move(command), "{tests_dir}", shell_quote(request.generate.tests_dir));
}

list paths_view(const std::vector<std::string>& paths) {
    list items;
    for (const std::string& path : paths) {
        data item;
        item.set("path", plain_line(path));
        item.set("path_md", inline_code(path));
        items.push_back(item);
    }
    return items;
}

std::string capitalised(std::string text) {
    if (!text.empty())
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

// One sentence for the commit body: what validation measured or found.
std::string result_text(const DocRequest& request) {
    const Verdict& verdict = request.verdict;
    if (!verdict.validated)
        return "Not validated: " + plain_line(verdict.reason);
    if (const auto& b = verdict.benchmark;
        b && b->from_repository && b->base_median_ns > 0 && b->patched_median_ns > 0)
        return "Measured with the repository's own benchmark " + b->benchmark + ": " +
               speedup_text(b->speedup) + "; median " + duration_text(b->base_median_ns) + " -> " +
               duration_text(b->patched_median_ns) + " per iteration, " +
               std::to_string(b->base_ns.size()) +
               " alternated runs per build, Mann-Whitney U p = " + p_value_text(b->p_value) + ".";
    if (const auto& b = verdict.benchmark; b && b->base_median_ns > 0 && b->patched_median_ns > 0) {
        const double replays = double(replays_per_iteration(request.anomaly));
        return "Measured with the generated benchmark " + b->benchmark + ": " +
               speedup_text(b->speedup) + "; median " + duration_text(b->base_median_ns / replays) +
               " -> " + duration_text(b->patched_median_ns / replays) + " per replayed request, " +
               std::to_string(b->base_ns.size()) +
               " alternated runs per build, Mann-Whitney U p = " + p_value_text(b->p_value) + ".";
    }
    if (request.tests.test_filter.empty())
        return "Validated: it builds and the repository's tests pass.";
    std::string text = "Validated: it builds, the repository's tests pass and the generated tests "
                       "passed " +
                       std::to_string(verdict.generated_test_passes) + " times in a row";
    return text + (verdict.generated_tests_fail_on_base.value_or(false)
                       ? "; they fail without the fix."
                       : ".");
}

void set_identity(data& view, const DocRequest& request, const GeneratedNames& names,
                  const std::string& branch) {
    const Anomaly& anomaly = request.anomaly;
    view.set("anomaly_id", anomaly.id);
    view.set("short_id", names.short_id);
    view.set("kind", std::string(to_string(anomaly.kind)));
    view.set("severity", std::string(to_string(anomaly.severity)));
    view.set("subject", plain_line(names.subject));
    view.set("subject_md", inline_code(names.subject));
    view.set("subject_label", anomaly.kind == AnomalyKind::misordered ? "sequence" : "handler");
    view.set("branch", branch);
    view.set("branch_md", inline_code(branch));
    view.set("marker", fingerprint_marker(anomaly));
    view.set("summary", plain_line(anomaly.summary));
    view.set("summary_md", markdown_prose(anomaly.summary));
}

void set_change(data& view, const DocRequest& request, const GeneratedNames& names) {
    const PatchDraft& draft = request.draft;
    const std::string phrase = change_phrase(draft, request.anomaly);
    const std::string type(commit_type(request.anomaly.kind));
    view.set("commit_type", type);
    view.set("title", commit_subject(type, names.subject, phrase));
    view.set("change_summary", capitalised(plain_line(phrase)));
    view.set("change_summary_md", markdown_prose(capitalised(phrase)));
    view.set("root_cause", plain_line(draft.root_cause));
    view.set("root_cause_md", markdown_prose(draft.root_cause));
    view.set("has_root_cause", !plain_line(draft.root_cause).empty());
    view.set("strategy", markdown_prose(std::string(to_string(draft.strategy))));
    view.set("fixer", inline_code(draft.fixer));
    view.set("confidence", percent_text(draft.confidence));
    view.set("files", paths_view(draft.files));
    view.set("has_files", !draft.files.empty());
    const std::string diff = defuse_marker(draft.diff);
    view.set("diff", diff.empty() || diff.back() == '\n' ? diff : diff + "\n");
    view.set("diff_fence", code_fence(diff));
    view.set("has_diff", !diff.empty());
    view.set("result_text", result_text(request));
}

void set_tests(data& view, const DocRequest& request, const std::string& branch) {
    const GeneratedTests& tests = request.tests;
    std::vector<std::string> paths;
    for (const GeneratedFile& file : tests.files)
        paths.push_back(file.path);
    view.set("test_files", paths_view(paths));
    view.set("has_test_files", !paths.empty());
    view.set("test_filter", inline_code(tests.test_filter));
    view.set("has_test_filter", !tests.test_filter.empty());
    view.set("benchmark_name", inline_code(tests.benchmark));
    view.set("has_benchmark_name", !tests.benchmark.empty());
    const std::string commands = reproduce_commands(request, branch);
    view.set("reproduce", commands);
    view.set("reproduce_fence", code_fence(commands));
}

} // namespace

std::string reproduce_commands(const DocRequest& request, std::string_view branch) {
    const ValidateConfig& validate = request.validate;
    const std::string quoted = shell_quote(branch);
    std::string text = "git fetch origin " + quoted + "\ngit checkout " + quoted + "\n";
    for (const std::string* command : {&validate.configure, &validate.build, &validate.test})
        if (!command->empty())
            text += filled_in(*command, request) + "\n";
    if (!request.tests.test_filter.empty())
        text += filled_in(validate.tests_binary, request) +
                " --gtest_filter=" + shell_quote(request.tests.test_filter) + "\n";
    if (auto const& b = request.verdict.benchmark; b && b->from_repository && !b->binary.empty())
        text += "build/" + b->binary +
                " --benchmark_filter=" + shell_quote("^" + b->benchmark + "(/.*)?$") + "\n";
    else if (!request.tests.benchmark.empty())
        text += filled_in(validate.benchmark_binary, request) +
                " --benchmark_filter=" + shell_quote("^" + request.tests.benchmark + "$") + "\n";
    return defuse_marker(text);
}

Result<data> doc_view(const DocRequest& request) {
    MEDIC_TRY(names, generated_names(request.anomaly, request.generate));
    const std::string branch =
        request.branch.empty() ? fix_branch_name(request.anomaly) : plain_line(request.branch);
    data view;
    set_identity(view, request, *names, branch);
    set_change(view, request, *names);
    view.set("evidence_rows", evidence_rows(request.anomaly, !request.tests.test_filter.empty()));
    view.set("order_chart", order_chart(request.anomaly));
    set_validation_view(view, request);
    set_tests(view, request, branch);
    return view;
}

} // namespace medic
