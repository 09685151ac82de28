#include "bot/serve/production_watch.hpp"

#include "bot/learn/production_check.hpp"
#include "bot/model/json.hpp"
#include "bot/model/stable_hash.hpp"
#include "bot/model/time.hpp"

#include <algorithm>
#include <charconv>

namespace medic::serve {
namespace {

/// The anomaly a waiting check recorded at the merge; none when its record is unreadable.
std::optional<Anomaly> anomaly_before(const store::ProductionCheck& check) {
    auto const json = nlohmann::json::parse(check.before, nullptr, false);
    if (json.is_discarded())
        return std::nullopt;
    try {
        return json.get<Anomaly>();
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

/// The handler of `summary` the anomaly named: by id, else by any of its other names.
const HandlerStats* handler_in(const TelemetrySummary& summary, const Anomaly& anomaly) {
    HandlerStats named;
    named.handler = anomaly.handler;
    named.names = anomaly.names;
    return find_same_handler(summary, named);
}

/// The job that tells pull request `check.pull_request` its verdict (once per pull request:
/// the delivery id is derived from it).
store::IncomingDelivery telling_of(const store::ProductionCheck& check,
                                   std::int64_t installation_id) {
    nlohmann::json const payload{{"action", check.verdict},
                                 {"pull_request", check.pull_request},
                                 {"repository", {{"full_name", check.repository}}},
                                 {"installation", {{"id", installation_id}}}};
    auto const key = check.repository + "#" + std::to_string(check.pull_request);
    return {"production-" + hex16(fnv1a(key)),
            std::string(k_production_event),
            check.verdict,
            installation_id,
            check.repository,
            payload.dump()};
}

} // namespace

std::vector<std::string> judge_merged_fixes(store::Store& store, const std::string& repository,
                                            std::int64_t installation_id,
                                            const TelemetrySummary& summary) {
    std::vector<std::string> lines;
    auto const waiting = store.waiting_production_checks(repository);
    if (!waiting) {
        lines.push_back("production checks: " + waiting.error().message);
        return lines;
    }
    for (auto check : *waiting) {
        auto const anomaly = anomaly_before(check);
        auto const before = anomaly ? learn::calls_before(*anomaly) : std::nullopt;
        auto const* stats = anomaly ? handler_in(summary, *anomaly) : nullptr;
        if (!before || stats == nullptr)
            continue; // no calls of the handler in this window yet
        auto const after = learn::calls_since(*stats, unix_ms(check.merged));
        auto const judgement = learn::judge_production(anomaly->kind, *before, after);
        if (!judgement)
            continue; // too few calls since the merge so far
        check.verdict = std::string(learn::to_string(judgement->verdict));
        check.speedup = judgement->speedup.value_or(0);
        check.p_value = judgement->p_value;
        check.reason = judgement->reason;
        auto const recorded =
            store.record_production_verdict(check, telling_of(check, installation_id));
        auto const name = repository + "#" + std::to_string(check.pull_request);
        if (!recorded) {
            lines.push_back(name + ": " + recorded.error().message);
            continue;
        }
        if (!*recorded)
            continue; // another pass judged it first
        lines.push_back(name + " after the merge: " + check.verdict + ", " + check.reason);
    }
    return lines;
}

std::string revert_branch(std::int64_t pull_request) {
    return "medic/revert-" + std::to_string(pull_request);
}

std::optional<std::int64_t> reverted_pull_request(std::string_view branch) {
    constexpr std::string_view k_prefix = "medic/revert-";
    if (!branch.starts_with(k_prefix))
        return std::nullopt;
    std::int64_t number = 0;
    auto const digits = branch.substr(k_prefix.size());
    auto const [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size() || number <= 0)
        return std::nullopt;
    return number;
}

} // namespace medic::serve
