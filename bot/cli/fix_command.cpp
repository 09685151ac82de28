#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/cli/project_options.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/http/curl_http_client.hpp"
#include "bot/http/real_sleeper.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/draft_files.hpp"
#include "bot/pipeline/draft_run.hpp"
#include "bot/views/draft_view.hpp"
#include "bot/views/terminal.hpp"

#include <iostream>
#include <map>

namespace medic::cli {
namespace {

struct FixOptions {
    std::string repo = ".";
    std::string anomalies;
    std::string build_dir;
    std::string config_path;
    std::string provider; ///< Empty: fix.strategies from the config.
    std::string out = "medic-drafts";
    std::string templates;
    unsigned jobs = 0;
    bool json = false;
    bool no_color = false;
};

int run_fix(const FixOptions& options, const http::CurlGlobal& curl) {
    views::Terminal terminal(stdout, stderr, !options.no_color);
    auto config = resolve_config(options.config_path, options.repo);
    auto targets =
        config ? pipeline::targets_of({}, options.anomalies) : std::unexpected(config.error());
    if (!targets)
        return stop_with("fix", targets.error().message);
    auto analysis =
        pipeline::analyze_targets(project_options(options.repo, options.build_dir, options.jobs,
                                                  terminal, config->code.vendored),
                                  *targets, views::print_warning);
    terminal.end_progress();
    if (!analysis)
        return stop_with("fix", analysis.error().message);
    http::CurlHttpClient model_http(curl);
    http::RealSleeper sleeper;
    pipeline::Model model(model_http, sleeper);
    auto const strategies =
        pipeline::strategies_for(options.provider, options.templates, options.repo, *config, model);
    pipeline::FixRun run(targets->anomalies, *analysis, *config, strategies, model, options.repo);
    nlohmann::json results = nlohmann::json::array();
    bool all_drafted = true;
    for (auto const& anomaly : targets->anomalies) {
        auto const outcome = run.draft(anomaly);
        all_drafted = all_drafted && (outcome.draft || outcome.covered);
        if (outcome.draft)
            if (auto written = pipeline::write_draft_files(options.out, *outcome.draft, anomaly);
                !written)
                return stop_with("fix", written.error().message);
        results.push_back({{"anomaly", anomaly.id},
                           {"draft", outcome.draft ? nlohmann::json(*outcome.draft) : nullptr},
                           {"reasons", outcome.reasons}});
        if (!options.json)
            std::cout << views::render_draft_outcome(
                anomaly, outcome.draft ? &*outcome.draft : nullptr, outcome.reasons, terminal);
    }
    if (options.json)
        std::cout << to_json_text(results, 2) << "\n";
    else
        std::cout << "\ndrafts written to " << options.out << "/<anomaly id>.diff and .json\n";
    return all_drafted ? k_exit_ok : k_exit_findings;
}

} // namespace

void add_fix_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl) {
    auto options = std::make_shared<FixOptions>();
    auto* command = app.add_subcommand(
        "fix", "Draft a patch per anomaly: built-in rules first, then a model (never applied)");
    command->add_option("--repo", options->repo, "The repository to fix")->capture_default_str();
    command->add_option("--anomalies", options->anomalies, "An anomaly report from medic detect")
        ->required();
    command->add_option("--build-dir", options->build_dir, "Directory with compile_commands.json");
    command->add_option("-c,--config", options->config_path,
                        "Configuration file (default: <repo>/.github/medic.yml when present)");
    command
        ->add_option("--provider", options->provider,
                     "rules: built-in fixers only; openai or anthropic: the model only (llm: in "
                     "medic.yml says where). Default: fix.strategies (rules, then llm)")
        ->check(CLI::IsMember({"rules", "openai", "anthropic"}));
    command->add_option("-o,--out", options->out, "Folder for <anomaly id>.diff and .json")
        ->capture_default_str();
    command->add_option("--templates", options->templates,
                        "Medic's templates folder (default: $MEDIC_TEMPLATES, else the built-in)");
    command->add_option("-j,--jobs", options->jobs, "Parallel parsers (default: one per core)");
    command->add_flag("--json", options->json, "Print every draft (or why none) as JSON");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic fix --repo services/shop --anomalies medic-anomalies.json
  medic fix --repo . --anomalies report.json --provider rules --out /tmp/drafts
  OPENAI_API_KEY=... medic fix --repo . --anomalies report.json --provider openai

Every diff is checked before it is written: it parses, touches only the handler's files (and
fix.allowed_paths), and applies to the files as they are. Exit codes: 0 a draft for every
anomaly, 1 some without a draft (the reasons are printed), 2 usage or setup error.)");
    command->callback([options, &exit_code, &curl] { exit_code = run_fix(*options, curl); });
}

} // namespace medic::cli
