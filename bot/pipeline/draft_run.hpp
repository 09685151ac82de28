#pragma once
// Drafting a whole report, shared by `medic fix` and `medic run`: the model connection, the
// strategies to try, and FixRun, which drafts anomaly after anomaly without repeating a change.

#include "analyzers/telemetry/redactor.hpp"
#include "bot/model/http.hpp"
#include "bot/pipeline/drafting.hpp"
#include "generators/llm/llm_client.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace medic::pipeline {

/// The model, when the strategies use one and it can be set up (else why not).
struct Model {
    Model(HttpClient& model_http, Sleeper& model_sleeper)
        : http(model_http), sleeper(model_sleeper) {}
    HttpClient& http;
    Sleeper& sleeper;
    std::optional<telemetry::Redactor> redactor;
    std::optional<llm::LlmClient> client;
    std::string missing;
};

/// The strategies `provider` (rules, openai, anthropic; empty: fix.strategies) names, with the
/// model when they use one.
Strategies strategies_for(const std::string& provider, const std::string& templates,
                          const std::filesystem::path& repo, MedicConfig& config, Model& model);

/// The strategies to try for one anomaly, and why they differ from the configured ones.
struct StrategyChoice {
    std::vector<Strategy> order;
    std::vector<std::string> notes; ///< Shown as the draft's first refusals, in the report.
};

/// What the review loop asks of a draft beyond the report: a reviewer's revision request, the
/// drafts pull requests already carry (re-applied first when their base moved), and the changes
/// reviewers rejected (never proposed again).
struct DraftGuidance {
    std::optional<Revision> revision;                 ///< For every anomaly drafted.
    std::map<std::string, PatchDraft> earlier_drafts; ///< Anomaly id -> its pull request's draft.
    /// Anomaly id -> the changes reviewers rejected for it (DraftRequest::rejected_changes).
    std::map<std::string, std::map<std::string, std::string>> rejected_changes;
    /// The strategies to try for an anomaly, best first, given the run's (learnt from earlier
    /// outcomes: bot/learn); none: the run's order.
    std::function<StrategyChoice(const Anomaly&, const std::vector<Strategy>&)> choose_strategies;
};

/// Drafts the report's anomalies one by one, remembering the diffs already drafted.
class FixRun {
public:
    FixRun(const std::vector<Anomaly>& anomalies, const Analysis& analysis,
           const MedicConfig& config, const Strategies& strategies, const Model& model,
           std::filesystem::path repo, DraftGuidance guidance = {})
        : m_anomalies(anomalies), m_analysis(analysis), m_config(config), m_strategies(strategies),
          m_model(model), m_repo(std::move(repo)), m_guidance(std::move(guidance)) {}

    /// A draft for `anomaly`, or why none: a symptom of another anomaly, the same change as an
    /// earlier draft, or every strategy's reason.
    DraftOutcome draft(const Anomaly& anomaly);

private:
    [[nodiscard]] const nlohmann::json& exchanges() const;
    /// The run's strategies in the order guidance chooses for `anomaly`, its notes added.
    Strategies strategies_for_anomaly(const Anomaly& anomaly,
                                      std::vector<std::string>& notes) const;
    /// The pull request's earlier draft for `request`, when it still applies and passes the
    /// same checks as a new one; else why not (added to `reasons`).
    std::optional<PatchDraft> reapplied(const DraftRequest& request,
                                        std::vector<std::string>& reasons) const;

    const std::vector<Anomaly>& m_anomalies;
    const Analysis& m_analysis;
    const MedicConfig& m_config;
    const Strategies& m_strategies;
    const Model& m_model;
    std::filesystem::path m_repo;
    DraftGuidance m_guidance;
    std::map<std::string, std::string> m_drafted; ///< diff -> the anomaly it was drafted for
};

} // namespace medic::pipeline
