#include "bot/cli/analyze_command.hpp"

#include "analyzers/code/analyze.hpp"
#include "bot/cli/code_attributes.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/cli/sarif.hpp"
#include "bot/cli/source_view.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"

#include <fstream>
#include <iostream>
#include <map>
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
    unsigned callee_depth = 3;
    bool json = false;
    bool no_color = false;
};

/// What to analyze: handlers from --handler and the report, misordered sequences from the report.
struct Targets {
    std::vector<std::string> handlers;
    std::vector<code::SequenceQuery> sequences;
    std::map<std::string, std::vector<std::string>> expected_orders;
    std::vector<std::string> messages; ///< Error templates to trace to the code that emits them.
    std::vector<Anomaly> anomalies;    ///< The report's, for their code.* attributes.
};

Result<AnomalyReport> read_report(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return fail(ErrorCode::not_found, path + ": cannot read the anomaly report");
    std::ostringstream text;
    text << in.rdbuf();
    return from_json_text<AnomalyReport>(text.str(), path);
}

void add_misordered(const Anomaly& anomaly, Targets& targets) {
    auto const expected = anomaly.evidence.value("expected_order", std::vector<std::string>{});
    auto steps = expected;
    for (auto const& step : anomaly.evidence.value("actual_order", std::vector<std::string>{}))
        if (std::find(steps.begin(), steps.end(), step) == steps.end())
            steps.push_back(step);
    targets.sequences.push_back({anomaly.sequence, steps});
    targets.expected_orders[anomaly.sequence] = expected;
}

Result<Targets> targets_of(const AnalyzeOptions& options) {
    Targets targets{options.handlers, {}, {}, {}, {}};
    if (!options.anomalies.empty()) {
        auto report = read_report(options.anomalies);
        if (!report)
            return std::unexpected(report.error());
        targets.anomalies = report->anomalies;
        for (auto const& anomaly : report->anomalies) {
            if (anomaly.kind == AnomalyKind::misordered)
                add_misordered(anomaly, targets);
            if (anomaly.kind == AnomalyKind::errors && !anomaly.error_template.empty())
                targets.messages.push_back(anomaly.error_template);
            else if (!anomaly.handler.empty() &&
                     std::find(targets.handlers.begin(), targets.handlers.end(), anomaly.handler) ==
                         targets.handlers.end())
                targets.handlers.push_back(anomaly.handler);
        }
    }
    if (targets.handlers.empty() && targets.sequences.empty())
        return fail(ErrorCode::invalid_input,
                    "nothing to analyze: give --anomalies report.json or --handler NAME");
    return targets;
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

/// The sequences' declarations, or an empty list (with a warning) when they cannot be read.
std::vector<SequenceSite> sequence_sites(const code::ProjectOptions& project,
                                         const Targets& targets) {
    if (targets.sequences.empty())
        return {};
    auto sites = code::locate_sequences(project, targets.sequences);
    if (!sites) {
        std::cerr << "warning: sequences: " << sites.error().message << "\n";
        return {};
    }
    for (auto const& query : targets.sequences)
        if (std::none_of(sites->begin(), sites->end(),
                         [&](const SequenceSite& site) { return site.sequence == query.name; }))
            std::cerr << "warning: sequence '" << query.name
                      << "': no declaration of its order found\n";
    return *sites;
}

/// Where each error template of the report is built, or nothing (with a warning).
std::vector<MessageSite> message_sites(const code::ProjectOptions& project,
                                       const Targets& targets) {
    if (targets.messages.empty())
        return {};
    auto sites = code::locate_messages(project, targets.messages);
    if (!sites) {
        std::cerr << "warning: messages: " << sites.error().message << "\n";
        return {};
    }
    return *sites;
}

void print_result(const AnalyzeOptions& options, const Targets& targets,
                  const code::AnalyzeResult& result, const std::vector<SequenceSite>& sequences,
                  const std::vector<MessageSite>& messages, const Terminal& terminal) {
    if (options.json) {
        std::cout << nlohmann::json{{"sites", result.sites},
                                    {"findings", result.findings},
                                    {"sequences", sequences},
                                    {"messages", messages},
                                    {"not_found", result.not_found}}
                         .dump(2)
                  << "\n";
        return;
    }
    std::cout << render_findings(options.repo, result, terminal);
    for (auto const& site : sequences) {
        auto const expected = targets.expected_orders.find(site.sequence);
        std::cout << render_sequence(options.repo, site,
                                     expected == targets.expected_orders.end()
                                         ? std::vector<std::string>{}
                                         : expected->second,
                                     terminal);
    }
    for (auto const& message : messages)
        std::cout << terminal.bold("message \"" + message.pattern + "\"") << "\n"
                  << render_place(options.repo, message.range,
                                  "is built here, in " + message.function, terminal)
                  << "\n";
    for (auto const& missing : result.not_found)
        std::cout << terminal.red("not found: ") << missing << "\n";
}

/// Analyzes the targets' handlers; where telemetry's code.* attributes point at a function
/// other than the handler's name says, that function is analyzed under the handler's name.
Result<code::AnalyzeResult> analyze_with_code_attributes(const code::ProjectOptions& project,
                                                         const Targets& targets) {
    auto const functions = functions_from_code_attributes(project, targets.anomalies);
    auto names = targets.handlers;
    for (auto& name : names)
        if (auto const it = functions.find(name); it != functions.end())
            name = it->second;
    auto result = code::analyze_handlers(project, names);
    if (!result)
        return result;
    for (auto const& [handler, function] : functions) {
        for (auto& site : result->sites)
            if (site.handler == function)
                site.handler = handler;
        for (auto& finding : result->findings)
            if (finding.handler == function)
                finding.handler = handler;
    }
    return result;
}

int run_analyze(const AnalyzeOptions& options) {
    Terminal terminal(stdout, stderr, !options.no_color);
    auto targets = targets_of(options);
    if (!targets) {
        std::cerr << "medic analyze: " << targets.error().message << "\n";
        return k_exit_usage;
    }
    code::ProjectOptions project{
        options.repo, options.build_dir, options.jobs,
        [&terminal](std::string_view status) { terminal.progress(status); }, options.callee_depth};
    auto result = analyze_with_code_attributes(project, *targets);
    auto const sequences = result ? sequence_sites(project, *targets) : std::vector<SequenceSite>{};
    auto const messages = result ? message_sites(project, *targets) : std::vector<MessageSite>{};
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
    print_result(options, *targets, *result, sequences, messages, terminal);
    return result->findings.empty() && sequences.empty() ? k_exit_ok : k_exit_findings;
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
    command
        ->add_option("--callee-depth", options->callee_depth,
                     "How many calls deep the checks follow a handler's callees")
        ->capture_default_str()
        ->check(CLI::Range(0, 8));
    command->add_flag("--json", options->json, "Print sites and findings as JSON");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic analyze --repo services/shop --anomalies medic-anomalies.json --sarif medic.sarif
  medic analyze --repo . --handler shop::Search::handle --json

Exit codes: 0 no findings, 1 findings, 2 usage or setup error.)");
    command->callback([options, &exit_code] { exit_code = run_analyze(*options); });
}

} // namespace medic::cli
