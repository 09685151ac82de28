// The evidence of the two latency kinds, `slow` and `trend`, in the anomaly report's JSON.

#include "bot/model/evidence.hpp"
#include "bot/model/evidence_parts.hpp"
#include "bot/model/json_fields.hpp"

namespace medic {
namespace {

using json = nlohmann::json;
using evidence_parts::examples_in;
using evidence_parts::examples_json;
using evidence_parts::latency_at;

double number_or_zero(const json& object, std::string_view key) {
    return number_field(object, key).value_or(0);
}

std::optional<CodeLocation> code_of(const json& evidence) {
    const json* code = field(evidence, "code");
    if (code == nullptr || !code->is_object())
        return std::nullopt;
    return CodeLocation{string_field(*code, "function").value_or(""),
                        string_field(*code, "filepath").value_or(""),
                        integer_field(*code, "lineno")};
}

std::optional<BudgetBreachEvidence> budget_of(const json& evidence) {
    const json* budget = field(evidence, "budget");
    if (budget == nullptr || !budget->is_object())
        return std::nullopt;
    return BudgetBreachEvidence{
        string_field(*budget, "quantile").value_or("p95"), number_or_zero(*budget, "limit_ms"),
        number_or_zero(*budget, "observed_ms"), number_or_zero(*budget, "ratio")};
}

std::optional<BaselineEvidence> baseline_of(const json& evidence) {
    const json* baseline = field(evidence, "baseline");
    if (baseline == nullptr || !baseline->is_object())
        return std::nullopt;
    BaselineEvidence read{latency_at(*baseline, "latency"),
                          number_or_zero(*baseline, "median_ratio"), std::nullopt};
    if (const json* test = field(*baseline, "mann_whitney"); test && test->is_object())
        read.mann_whitney =
            MannWhitneyEvidence{number_or_zero(*test, "u"), number_or_zero(*test, "z"),
                                number_field(*test, "p_value").value_or(1)};
    return read;
}

json baseline_json(const BaselineEvidence& baseline) {
    json written = {{"latency", evidence_json(baseline.latency)},
                    {"median_ratio", baseline.median_ratio}};
    if (auto const& test = baseline.mann_whitney)
        written["mann_whitney"] = {{"u", test->u}, {"z", test->z}, {"p_value", test->p_value}};
    return written;
}

} // namespace

json evidence_json(const SlowEvidence& evidence) {
    json written = {{"latency", evidence_json(evidence.latency)},
                    {"examples", examples_json(evidence.examples)}};
    if (auto const& code = evidence.code)
        written["code"] = {
            {"function", code->function}, {"filepath", code->filepath}, {"lineno", code->lineno}};
    if (auto const& budget = evidence.budget)
        written["budget"] = {{"quantile", budget->quantile},
                             {"limit_ms", budget->limit_ms},
                             {"observed_ms", budget->observed_ms},
                             {"ratio", budget->ratio}};
    if (evidence.baseline)
        written["baseline"] = baseline_json(*evidence.baseline);
    return written;
}

SlowEvidence slow_evidence(const Anomaly& anomaly) {
    auto const& e = anomaly.evidence;
    return {latency_at(e, "latency"), examples_in(e), code_of(e), budget_of(e), baseline_of(e)};
}

json evidence_json(const TrendEvidence& evidence) {
    auto const& test = evidence.mann_kendall;
    return {{"latency", evidence_json(evidence.latency)},
            {"quantile", evidence.quantile},
            {"budget_ms", evidence.budget_ms},
            {"slope_ms_per_hour", evidence.slope_ms_per_hour},
            {"fitted_now_ms", evidence.fitted_now_ms},
            {"crossing_in_hours", evidence.crossing_in_hours},
            {"mann_kendall", {{"s", test.s}, {"z", test.z}, {"p_value", test.p_value}}},
            {"window_ms", evidence.window_ms}};
}

TrendEvidence trend_evidence(const Anomaly& anomaly) {
    auto const& e = anomaly.evidence;
    const json* test = field(e, "mann_kendall");
    const json none;
    const json& mann_kendall = test ? *test : none;
    return {latency_at(e, "latency"),
            string_field(e, "quantile").value_or("p95"),
            number_or_zero(e, "budget_ms"),
            number_or_zero(e, "slope_ms_per_hour"),
            number_or_zero(e, "fitted_now_ms"),
            number_or_zero(e, "crossing_in_hours"),
            {number_or_zero(mann_kendall, "s"), number_or_zero(mann_kendall, "z"),
             number_field(mann_kendall, "p_value").value_or(1)},
            integer_field(e, "window_ms")};
}

} // namespace medic
