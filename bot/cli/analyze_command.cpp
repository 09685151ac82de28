#include "bot/cli/analyze_command.hpp"

#include "analyzers/code/analyze.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/cli/sarif.hpp"
#include "bot/cli/source_view.hpp"
#include "bot/model/json.hpp"

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace medic::cli {
namespace {

struct AnalyzeOptions {
    std::string repo = ".";
    std::string anomalies;
    std::vector<std::string> handlers;
    std::string build_dir;
    std::string sarif;
    unsigned jobs = 0;
    bool json = false;
    bool no_color = false;
};

/// The handlers to analyze: --handler, plus every handler an anomaly report names.
Result<std::vector<std::string>> handlers_to_analyze(const AnalyzeOptions& options) {
    std::vector<std::string> handlers = options.handlers;
    if (!options.anomalies.empty()) {
        std::ifstream in(options.anomalies);
        if (!in)
            return fail(ErrorCode::not_found,
                        options.anomalies + ": cannot read the anomaly report");
        std::ostringstream text;
        text << in.rdbuf();
        auto report = from_json_text<AnomalyReport>(text.str(), options.anomalies);
        if (!report)
            return std::unexpected(report.error());
        for (auto const& anomaly : report->anomalies)
            if (!anomaly.handler.empty() &&
                std::find(handlers.begin(), handlers.end(), anomaly.handler) == handlers.end())
                handlers.push_back(anomaly.handler);
    }
    if (handlers.empty())
        return fail(ErrorCode::invalid_input,
                    "nothing to analyze: give --anomalies report.json or --handler NAME");
    return handlers;
}

/// A replacement shown on one line: newlines as \n.
std::string escaped(const std::string& text) {
    std::string out;
    for (char const c : text)
        out += c == '\n' ? std::string("\\n") : std::string(1, c);
    return out;
}

std::string render_findings(const std::filesystem::path& repo, const code::AnalyzeResult& result,
                            const Terminal& t) {
    std::string text;
    for (auto const& site : result.sites) {
        text += t.bold(site.handler) + "  " +
                t.dim(site.definition.file + ":" + std::to_string(site.definition.begin_line)) +
                "\n";
        bool any = false;
        for (auto const& finding : result.findings) {
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

int run_analyze(const AnalyzeOptions& options) {
    Terminal terminal(stdout, stderr, !options.no_color);
    auto handlers = handlers_to_analyze(options);
    if (!handlers) {
        std::cerr << "medic analyze: " << handlers.error().message << "\n";
        return k_exit_usage;
    }
    code::ProjectOptions project{
        options.repo, options.build_dir, options.jobs,
        [&terminal](std::string_view status) { terminal.progress(status); }};
    auto result = code::analyze_handlers(project, *handlers);
    terminal.end_progress();
    if (!result) {
        std::cerr << "medic analyze: " << result.error().message << "\n";
        return k_exit_usage;
    }
    std::set<std::string> problems(result->report.problems.begin(), result->report.problems.end());
    problems.insert(result->check_problems.begin(), result->check_problems.end());
    for (auto const& problem : problems)
        std::cerr << "warning: " << problem << "\n";
    if (!options.sarif.empty()) {
        std::ofstream out(options.sarif);
        out << to_sarif(result->findings, code::list_checks()).dump(2) << "\n";
        if (!out) {
            std::cerr << "medic analyze: cannot write " << options.sarif << "\n";
            return k_exit_usage;
        }
    }
    if (options.json)
        std::cout << nlohmann::json{{"sites", result->sites},
                                    {"findings", result->findings},
                                    {"not_found", result->not_found}}
                         .dump(2)
                  << "\n";
    else {
        std::cout << render_findings(options.repo, *result, terminal);
        for (auto const& missing : result->not_found)
            std::cout << terminal.red("not found: ") << missing << "\n";
    }
    return result->findings.empty() ? k_exit_ok : k_exit_findings;
}

} // namespace

void add_analyze_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<AnalyzeOptions>();
    auto* command = app.add_subcommand(
        "analyze", "Explain slow handlers: run the code checks on them and their callees");
    command->add_option("--repo", options->repo, "The repository to read")->capture_default_str();
    command->add_option("--anomalies", options->anomalies, "An anomaly report from medic detect");
    command->add_option("--handler", options->handlers,
                        "Handlers to analyze (in addition to the report's)");
    command->add_option("--build-dir", options->build_dir, "Directory with compile_commands.json");
    command->add_option("--sarif", options->sarif,
                        "Also write the findings as SARIF 2.1.0 (GitHub code scanning)");
    command->add_option("-j,--jobs", options->jobs, "Parallel parsers (default: one per core)");
    command->add_flag("--json", options->json, "Print sites and findings as JSON");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic analyze --repo services/shop --anomalies medic-anomalies.json --sarif medic.sarif
  medic analyze --repo . --handler shop::Search::handle --json

Exit codes: 0 no findings, 1 findings, 2 usage or setup error.)");
    command->callback([options, &exit_code] { exit_code = run_analyze(*options); });
}

} // namespace medic::cli
