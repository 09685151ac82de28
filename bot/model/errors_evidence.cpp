// The evidence of an `errors` anomaly in the anomaly report's JSON.

#include "bot/model/evidence.hpp"
#include "bot/model/evidence_parts.hpp"
#include "bot/model/json_fields.hpp"

namespace medic {
namespace {

using json = nlohmann::json;

json templates_json(const std::vector<ErrorTemplateEvidence>& templates) {
    auto list = json::array();
    for (auto const& group : templates)
        list.push_back(
            {{"pattern", group.pattern}, {"count", group.count}, {"example", group.example}});
    return list;
}

std::vector<ErrorTemplateEvidence> templates_at(const json& evidence, std::string_view key) {
    std::vector<ErrorTemplateEvidence> templates;
    for (auto const& group : array_field(evidence, key))
        if (group.is_object())
            templates.push_back({string_field(group, "pattern").value_or(""),
                                 count_field(group, "count"),
                                 string_field(group, "example").value_or("")});
    return templates;
}

std::optional<ErrorSpikeEvidence> spike_of(const json& evidence) {
    const json* spike = field(evidence, "spike_window");
    if (spike == nullptr || !spike->is_object())
        return std::nullopt;
    return ErrorSpikeEvidence{string_field(*spike, "start").value_or(""),
                              count_field(*spike, "count"), count_field(*spike, "errors"),
                              number_field(*spike, "fisher_exact_p").value_or(1)};
}

} // namespace

json evidence_json(const ErrorsEvidence& evidence) {
    json written = {{"count", evidence.count},
                    {"errors", evidence.errors},
                    {"error_rate", evidence.error_rate},
                    {"rate_budget", evidence.rate_budget},
                    {"templates", templates_json(evidence.templates)},
                    {"examples", evidence_parts::examples_json(evidence.examples)}};
    if (evidence.budget_binomial_p)
        written["budget_binomial_p"] = *evidence.budget_binomial_p;
    if (evidence.baseline_two_proportion_p)
        written["baseline_two_proportion_p"] = *evidence.baseline_two_proportion_p;
    if (auto const& spike = evidence.spike_window)
        written["spike_window"] = {{"start", spike->start},
                                   {"count", spike->count},
                                   {"errors", spike->errors},
                                   {"fisher_exact_p", spike->fisher_exact_p}};
    if (!evidence.new_templates.empty())
        written["new_templates"] = templates_json(evidence.new_templates);
    return written;
}

ErrorsEvidence errors_evidence(const Anomaly& anomaly) {
    auto const& e = anomaly.evidence;
    return {count_field(e, "count"),
            count_field(e, "errors"),
            number_field(e, "error_rate").value_or(0),
            number_field(e, "rate_budget").value_or(0),
            templates_at(e, "templates"),
            evidence_parts::examples_in(e),
            number_field(e, "budget_binomial_p"),
            number_field(e, "baseline_two_proportion_p"),
            spike_of(e),
            templates_at(e, "new_templates")};
}

} // namespace medic
