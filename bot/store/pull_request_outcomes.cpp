// How Medic's pull requests ended, as GitHub's pull_request closed events say (and, as a fate,
// on the attempt each carried).

#include "bot/store/store_state.hpp"

namespace medic::store {

Result<void> Store::record_pull_request_outcome(const PullRequestOutcome& outcome) {
    std::lock_guard lock(m_state->mutex);
    auto& database = m_state->database;
    MEDIC_TRY(transaction, Transaction::begin(database));
    MEDIC_TRY(record,
              database.prepare("INSERT INTO pull_request_outcomes VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                               "ON CONFLICT (repository, number) DO UPDATE SET branch = ?3, "
                               "merged = ?4, merge_commit = ?5, closed_ms = ?6"));
    MEDIC_RETURN_IF_ERROR(record->bind(1, outcome.repository)
                              .bind(2, outcome.number)
                              .bind(3, outcome.branch)
                              .bind(4, std::int64_t{outcome.merged ? 1 : 0})
                              .bind(5, outcome.merge_commit)
                              .bind(6, milliseconds(outcome.closed))
                              .run());
    MEDIC_RETURN_IF_ERROR(add_fate_to_pull(database, outcome.repository, outcome.number,
                                           outcome.merged ? "merged" : "closed unmerged",
                                           milliseconds(outcome.closed)));
    return transaction->commit();
}

Result<std::vector<PullRequestOutcome>> Store::pull_request_outcomes() {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT repository, number, branch, merged, merge_commit, closed_ms FROM "
                        "pull_request_outcomes ORDER BY closed_ms, repository, number"));
    std::vector<PullRequestOutcome> outcomes;
    MEDIC_RETURN_IF_ERROR(list->each_row([&](const Statement& row) {
        outcomes.push_back({row.text(0), row.integer(1), row.text(2), row.integer(3) != 0,
                            row.text(4), time_at(row.integer(5))});
    }));
    return outcomes;
}

} // namespace medic::store
