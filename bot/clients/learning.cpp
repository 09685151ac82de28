#include "bot/clients/learning.hpp"

#include "bot/learn/ranking.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/text_file.hpp"

#include <algorithm>

namespace medic::clients {

Result<void> guide_by_outcomes(store::Store& store, const std::string& repository,
                               int max_failed_validations, pipeline::RunRequest& request) {
    MEDIC_TRY(attempts, store.attempt_records());
    std::erase_if(*attempts, [&](const store::AttemptRecord& attempt) {
        return attempt.repository != repository;
    });
    request.guidance.choose_strategies = [attempts = std::move(*attempts), max_failed_validations](
                                             const Anomaly& anomaly,
                                             const std::vector<Strategy>& configured) {
        auto ranked = learn::rank_strategies(configured, anomaly, attempts, max_failed_validations);
        return pipeline::StrategyChoice{std::move(ranked.order), std::move(ranked.notes)};
    };
    MEDIC_TRY(rejected, store.rejected_changes(repository));
    for (auto const& change : *rejected)
        request.guidance.rejected_changes[change.anomaly].emplace(change.change, change.why);
    return {};
}

Result<void> record_attempts(store::Store& store, const std::string& repository,
                             const std::filesystem::path& out, const RunReport& report) {
    for (auto const& fix : report.fixes) {
        if (fix.strategy.empty())
            continue; // no draft: nothing was attempted
        auto const diff = read_text_file(out / fix.anomaly / "fix.diff");
        store::AttemptRecord attempt;
        attempt.repository = repository;
        attempt.anomaly = fix.anomaly;
        attempt.kind = std::string(to_string(fix.kind));
        attempt.handler = fix.handler;
        attempt.strategy = fix.strategy;
        attempt.change = diff ? change_fingerprint(*diff) : std::string();
        attempt.status = std::string(to_string(fix.status));
        attempt.speedup =
            fix.verdict && fix.verdict->benchmark ? fix.verdict->benchmark->speedup : 0;
        attempt.pull_request =
            fix.status == FixStatus::published && fix.pull_request ? fix.pull_request->number : 0;
        MEDIC_TRY(recorded, store.record_attempt(attempt));
    }
    return {};
}

} // namespace medic::clients
