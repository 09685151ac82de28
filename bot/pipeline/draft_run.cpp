#include "bot/pipeline/draft_run.hpp"

#include "bot/pipeline/run_setup.hpp"
#include "generators/llm/prompt.hpp"
#include "generators/patch/vet_diff.hpp"

#include <algorithm>

namespace medic::pipeline {
namespace {

/// --provider overrides the configured strategies: "rules" alone, or the model alone.
std::vector<Strategy> strategy_order(const std::string& provider, MedicConfig& config) {
    if (provider.empty())
        return config.fix.strategies;
    if (provider == "rules")
        return {Strategy::rules};
    config.llm.provider = provider;
    return {Strategy::llm};
}

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

} // namespace

Strategies strategies_for(const std::string& provider, const std::string& templates,
                          const std::filesystem::path& repo, MedicConfig& config, Model& model) {
    Strategies strategies{strategy_order(provider, config), nullptr, {}, {}};
    if (std::find(strategies.order.begin(), strategies.order.end(), Strategy::llm) !=
        strategies.order.end())
        connect_model(config, model);
    if (model.client)
        strategies.model = &*model.client;
    strategies.model_missing = model.missing;
    strategies.model_options = {templates_dir(templates), llm::repo_template_dir(repo),
                                config.llm.max_attempts,
                                config.llm.provider + ":" + config.llm.model};
    return strategies;
}

DraftOutcome FixRun::draft(const Anomaly& anomaly) {
    DraftOutcome outcome;
    if (auto const cause = cause_in_report(anomaly, m_anomalies); !cause.empty()) {
        outcome.reasons.push_back("a symptom of " + cause + ": its draft fixes this too");
        outcome.covered = true;
        return outcome;
    }
    if (!anomaly.handler.empty() &&
        std::none_of(m_analysis.result.sites.begin(), m_analysis.result.sites.end(),
                     [&](const CodeSite& site) { return site.handler == anomaly.handler; })) {
        // Nothing to draft from: say so, rather than "no rule-based fixer".
        outcome.reasons.push_back(
            "not located in the code: no definition, registration, route or RPC override of " +
            describe_handler(anomaly.handler, anomaly.names) +
            " was found (medic locate --handler shows what Medic sees)");
        return outcome;
    }
    auto request = draft_request(anomaly, m_analysis, m_config, m_repo);
    request.revision = m_guidance.revision;
    if (auto const rejected = m_guidance.rejected_changes.find(anomaly.id);
        rejected != m_guidance.rejected_changes.end())
        request.rejected_changes = rejected->second;
    std::vector<std::string> earlier_reasons;
    if (auto earlier = reapplied(request, earlier_reasons)) {
        outcome.draft = std::move(earlier);
        return outcome;
    }
    auto const exchanges_before = exchanges().size();
    outcome = draft_anomaly(request, strategies_for_anomaly(anomaly, earlier_reasons), m_repo);
    outcome.reasons.insert(outcome.reasons.begin(), earlier_reasons.begin(), earlier_reasons.end());
    if (outcome.draft)
        outcome.draft->refusals.insert(outcome.draft->refusals.begin(), earlier_reasons.begin(),
                                       earlier_reasons.end());
    if (!outcome.draft)
        return outcome;
    // A model's explanation may quote what it was shown, or invent a credential: it is printed,
    // stored and committed, so it is redacted like everything else that leaves Medic.
    if (m_model.redactor)
        m_model.redactor->redact(outcome.draft->root_cause);
    for (auto i = exchanges_before; i < exchanges().size(); ++i)
        outcome.draft->exchanges.push_back(exchanges()[i]);
    if (auto const [earlier, fresh] = m_drafted.emplace(outcome.draft->diff, anomaly.id); !fresh) {
        outcome.reasons.push_back("the same change as the draft for " + earlier->second);
        outcome.draft.reset();
        outcome.covered = true;
    }
    return outcome;
}

std::optional<PatchDraft> FixRun::reapplied(const DraftRequest& request,
                                            std::vector<std::string>& reasons) const {
    auto const found = m_guidance.earlier_drafts.find(request.anomaly.id);
    if (found == m_guidance.earlier_drafts.end() || request.revision)
        return std::nullopt;
    // The same checks as any new draft: the allowed paths are today's, not the earlier run's.
    auto vetted =
        patch::vet_diff(m_repo, found->second.diff, request.allowed_paths, request.vendored_paths);
    if (!vetted) {
        reasons.push_back("the pull request's fix no longer applies (" + vetted.error().message +
                          "): drafted anew");
        return std::nullopt;
    }
    PatchDraft draft = found->second;
    draft.anomaly_id = request.anomaly.id;
    draft.exchanges = nlohmann::json::array(); // no model was asked this time
    draft.attempts = 0;
    return draft;
}

Strategies FixRun::strategies_for_anomaly(const Anomaly& anomaly,
                                          std::vector<std::string>& notes) const {
    if (!m_guidance.choose_strategies)
        return m_strategies;
    auto const choice = m_guidance.choose_strategies(anomaly, m_strategies.order);
    Strategies chosen = m_strategies;
    chosen.order.clear();
    // Never a strategy the run does not allow (--provider, a revision's model alone).
    std::ranges::copy_if(choice.order, std::back_inserter(chosen.order), [&](Strategy strategy) {
        return std::ranges::find(m_strategies.order, strategy) != m_strategies.order.end();
    });
    notes.insert(notes.end(), choice.notes.begin(), choice.notes.end());
    return chosen;
}

const nlohmann::json& FixRun::exchanges() const {
    static const nlohmann::json k_none = nlohmann::json::array();
    return m_model.client ? m_model.client->exchanges() : k_none;
}

} // namespace medic::pipeline
