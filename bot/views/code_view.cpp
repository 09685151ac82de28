#include "bot/views/code_view.hpp"

#include "bot/model/text.hpp"
#include "bot/views/source_view.hpp"

namespace medic::views {
namespace {

/// A replacement shown on one line: newlines as \n.
std::string escaped(const std::string& text) {
    std::string out;
    for (char const c : text)
        out += c == '\n' ? std::string("\\n") : std::string(1, c);
    return out;
}

} // namespace

std::string render_site(const std::filesystem::path& repo, const CodeSite& site,
                        const Terminal& t) {
    std::string text =
        render_place(repo, site.definition, site.qualified_name + " is defined here", t);
    for (auto const& registration : site.registrations)
        text += render_place(
            repo, registration.range,
            "registered" +
                (registration.route.empty() ? "" : " as \"" + registration.route + "\"") + " by " +
                registration.call,
            t);
    if (!site.callees.empty()) {
        text += t.dim("  calls:") + "\n";
        for (auto const& callee : site.callees)
            text +=
                std::string(2 + 2 * callee.depth, ' ') + callee.name + "  " +
                t.dim(callee.definition.file + ":" + std::to_string(callee.definition.begin_line)) +
                "\n";
    }
    text += site.test_files.empty() ? t.yellow("  no test calls it") + "\n"
                                    : t.dim("  tested by: ") +
                                          [&] {
                                              std::string files;
                                              for (auto const& file : site.test_files)
                                                  files += (files.empty() ? "" : ", ") + file;
                                              return files;
                                          }() +
                                          "\n";
    return text;
}

std::string render_sequence(const std::filesystem::path& repo, const SequenceSite& site,
                            const std::vector<std::string>& expected, const Terminal& t) {
    std::vector<std::string> declared;
    for (auto const& element : site.elements)
        declared.push_back(element.step);
    bool const wrong = !expected.empty() && declared != expected;
    std::string text = t.bold("sequence " + site.sequence) + "\n";
    text += render_place(repo, site.range,
                         (wrong ? t.yellow("warning: ") : std::string()) + "declared here (" +
                             site.shape + ") as " + join(declared, " → ") +
                             (wrong ? " " + t.dim("[order-sequence-mismatch]") : ""),
                         t);
    if (wrong)
        text += "      " + t.green("expected: ") + join(expected, " → ") + "\n";
    for (auto const& element : site.elements)
        text += "      " +
                t.dim(element.spelled + " at " + element.range.file + ":" +
                      std::to_string(element.range.begin_line) + ":" +
                      std::to_string(element.range.begin_column)) +
                "\n";
    return text + "\n";
}

std::string render_findings(const std::filesystem::path& repo, const std::vector<CodeSite>& sites,
                            const std::vector<Finding>& findings, const Terminal& t) {
    std::string text;
    for (auto const& site : sites) {
        text += t.bold(site.handler) + "  " +
                t.dim(site.definition.file + ":" + std::to_string(site.definition.begin_line)) +
                "\n";
        bool any = false;
        for (auto const& finding : findings) {
            if (finding.handler != site.handler)
                continue;
            any = true;
            auto const where =
                finding.function == site.qualified_name ? "" : " (in " + finding.function + ")";
            text += render_place(repo, finding.range,
                                 t.yellow("warning: ") + finding.message + where + " " +
                                     t.dim("[" + finding.check + "]"),
                                 t);
            for (auto const& fix : finding.fixes)
                text += "      " + t.green("fix-it: ") + fix.file + ":" + std::to_string(fix.line) +
                        ":" + std::to_string(fix.column) + " \"" + escaped(fix.replacement) +
                        "\"\n";
            if (finding.fixes.empty() && !finding.fix_note.empty())
                text += "      " + t.dim("how to fix: " + finding.fix_note) + "\n";
        }
        if (!any)
            text += "  " + t.green("no findings") + "\n";
        text += "\n";
    }
    return text;
}

} // namespace medic::views
