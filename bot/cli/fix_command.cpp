#include "bot/cli/fix_command.hpp"

#include "analyzers/telemetry/redactor.hpp"
#include "bot/cli/drafting.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/cli/repo_config.hpp"
#include "bot/cli/terminal.hpp"
#include "bot/http/real_sleeper.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "generators/llm/llm_client.hpp"
#include "generators/llm/prompt.hpp"

#include <fstream>
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

/// Medic's own templates: --templates, else $MEDIC_TEMPLATES, else the source tree's.
std::filesystem::path templates_dir(const FixOptions& options) {
    if (!options.templates.empty())
        return options.templates;
    if (auto const* env = std::getenv("MEDIC_TEMPLATES"))
        return env;
    return MEDIC_TEMPLATES_DIR;
}

/// --provider overrides the configured strategies: "rules" alone, or the model alone.
std::vector<std::string> strategy_order(const FixOptions& options, MedicConfig& config) {
    if (options.provider.empty())
        return config.fix.strategies;
    if (options.provider == "rules")
        return {"rules"};
    config.llm.provider = options.provider;
    return {"llm"};
}

/// The model, when the strategies use one and it can be set up (else why not).
struct Model {
    explicit Model(const http::CurlGlobal& curl) : http(curl) {}
    http::CurlHttpClient http;
    http::RealSleeper sleeper;
    std::optional<telemetry::Redactor> redactor;
    std::optional<llm::LlmClient> client;
    std::string missing;
};

void connect_model(const MedicConfig& config, Model& model) {
    auto redactor = telemetry::Redactor::create(config.telemetry.redact_patterns);
    if (!redactor) {
        model.missing = redactor.error().message;
        return;
    }
    model.redactor.emplace(std::move(*redactor));
    llm::LlmClientOptions options;
    options.redact = [&model](std::string_view text) {
        std::string copy(text);
        model.redactor->redact(copy);
        return copy;
    };
    auto client = llm::LlmClient::create(config.llm, model.http, model.sleeper, options);
    if (client)
        model.client.emplace(std::move(*client));
    else
        model.missing = client.error().message;
}

/// Anomalies that are symptoms of another one in the report are fixed by that one's draft.
std::string cause_in_report(const Anomaly& anomaly, const std::vector<Anomaly>& all) {
    for (auto const& id : anomaly.related)
        if (std::any_of(all.begin(), all.end(), [&](const Anomaly& a) { return a.id == id; }))
            return id;
    return {};
}

void write_draft(const std::filesystem::path& out, const PatchDraft& draft) {
    std::ofstream(out / (draft.anomaly_id + ".diff")) << draft.diff;
    std::ofstream(out / (draft.anomaly_id + ".json")) << nlohmann::json(draft).dump(2) << "\n";
}

std::string summary_line(const Anomaly& anomaly, const DraftOutcome& outcome, const Terminal& t) {
    auto const name = anomaly.handler.empty() ? anomaly.sequence : anomaly.handler;
    std::string line = anomaly.id + "  " + std::string(to_string(anomaly.kind)) + "  " + name;
    if (outcome.draft) {
        char confidence[16];
        std::snprintf(confidence, sizeof confidence, "%.2f", outcome.draft->confidence);
        return line + "\n    " + t.green("draft") + " by " + outcome.draft->strategy + "/" +
               outcome.draft->fixer + ", confidence " + confidence + ", touches " +
               join(outcome.draft->files, ", ") + "\n    " + t.dim(outcome.draft->root_cause) +
               "\n";
    }
    line += "\n    " + t.yellow("no draft") + "\n";
    for (auto const& reason : outcome.reasons)
        line += "    " + t.dim("- " + reason) + "\n";
    return line;
}

/// The strategies --provider or fix.strategies name, with the model when they use one.
Strategies strategies_for(const FixOptions& options, MedicConfig& config, Model& model) {
    Strategies strategies{strategy_order(options, config), nullptr, {}, {}};
    if (std::find(strategies.order.begin(), strategies.order.end(), "llm") !=
        strategies.order.end())
        connect_model(config, model);
    if (model.client)
        strategies.model = &*model.client;
    strategies.model_missing = model.missing;
    strategies.model_options = {templates_dir(options), llm::repo_template_dir(options.repo),
                                config.llm.max_attempts,
                                config.llm.provider + ":" + config.llm.model};
    return strategies;
}

/// Drafts the report's anomalies one by one, remembering the diffs already drafted.
class FixRun {
public:
    FixRun(const std::vector<Anomaly>& anomalies, const Analysis& analysis,
           const MedicConfig& config, const Strategies& strategies, const Model& model,
           std::filesystem::path repo)
        : m_anomalies(anomalies), m_analysis(analysis), m_config(config), m_strategies(strategies),
          m_model(model), m_repo(std::move(repo)) {}

    /// A draft for `anomaly`, or why none: a symptom of another anomaly, the same change as an
    /// earlier draft, or every strategy's reason.
    DraftOutcome draft(const Anomaly& anomaly) {
        DraftOutcome outcome;
        if (auto const cause = cause_in_report(anomaly, m_anomalies); !cause.empty()) {
            outcome.reasons.push_back("a symptom of " + cause + ": its draft fixes this too");
            outcome.covered = true;
            return outcome;
        }
        auto const request = draft_request(anomaly, m_analysis, m_config, m_repo);
        auto const exchanges_before = exchanges().size();
        outcome = draft_anomaly(request, m_strategies, m_repo);
        if (!outcome.draft)
            return outcome;
        for (auto i = exchanges_before; i < exchanges().size(); ++i)
            outcome.draft->exchanges.push_back(exchanges()[i]);
        if (auto const [earlier, fresh] = m_drafted.emplace(outcome.draft->diff, anomaly.id);
            !fresh) {
            outcome.reasons.push_back("the same change as the draft for " + earlier->second);
            outcome.draft.reset();
            outcome.covered = true;
        }
        return outcome;
    }

private:
    [[nodiscard]] const nlohmann::json& exchanges() const {
        static const nlohmann::json k_none = nlohmann::json::array();
        return m_model.client ? m_model.client->exchanges() : k_none;
    }

    const std::vector<Anomaly>& m_anomalies;
    const Analysis& m_analysis;
    const MedicConfig& m_config;
    const Strategies& m_strategies;
    const Model& m_model;
    std::filesystem::path m_repo;
    std::map<std::string, std::string> m_drafted; ///< diff -> the anomaly it was drafted for
};

int run_fix(const FixOptions& options, const http::CurlGlobal& curl) {
    Terminal terminal(stdout, stderr, !options.no_color);
    auto config = resolve_config(options.config_path, options.repo);
    auto targets = config ? targets_of({}, options.anomalies) : std::unexpected(config.error());
    if (!targets) {
        std::cerr << "medic fix: " << targets.error().message << "\n";
        return k_exit_usage;
    }
    code::ProjectOptions project{
        options.repo, options.build_dir, options.jobs,
        [&terminal](std::string_view status) { terminal.progress(status); }};
    auto analysis = analyze_targets(project, *targets);
    terminal.end_progress();
    if (!analysis) {
        std::cerr << "medic fix: " << analysis.error().message << "\n";
        return k_exit_usage;
    }
    Model model(curl);
    auto const strategies = strategies_for(options, *config, model);
    FixRun run(targets->anomalies, *analysis, *config, strategies, model, options.repo);
    std::filesystem::create_directories(options.out);
    nlohmann::json results = nlohmann::json::array();
    bool all_drafted = true;
    for (auto const& anomaly : targets->anomalies) {
        auto const outcome = run.draft(anomaly);
        all_drafted = all_drafted && (outcome.draft || outcome.covered);
        if (outcome.draft)
            write_draft(options.out, *outcome.draft);
        results.push_back({{"anomaly", anomaly.id},
                           {"draft", outcome.draft ? nlohmann::json(*outcome.draft) : nullptr},
                           {"reasons", outcome.reasons}});
        if (!options.json)
            std::cout << summary_line(anomaly, outcome, terminal);
    }
    if (options.json)
        std::cout << results.dump(2) << "\n";
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
