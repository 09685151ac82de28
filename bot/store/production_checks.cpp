// The checks of merged fixes against production: recorded at the merge with the anomaly as it
// was, judged once telemetry after the merge arrives.

#include "bot/store/store_state.hpp"

#include <cmath>

namespace medic::store {
namespace {

constexpr std::string_view k_columns =
    "repository, pull_request, anomaly, kind, handler, merge_commit, merged_ms, before, verdict, "
    "speedup_milli, p_value, reason, judged_ms, revert";

ProductionCheck check_of(const Statement& row) {
    ProductionCheck check{row.text(0),
                          row.integer(1),
                          row.text(2),
                          row.text(3),
                          row.text(4),
                          row.text(5),
                          time_at(row.integer(6)),
                          row.text(7),
                          row.text(8),
                          static_cast<double>(row.integer(9)) / 1000,
                          row.real(10),
                          row.text(11),
                          std::nullopt};
    if (auto const judged = row.integer(12); judged > 0)
        check.judged = time_at(judged);
    check.revert = row.integer(13);
    return check;
}

Result<std::vector<ProductionCheck>> checks_where(Database& database, std::string_view condition,
                                                  std::string_view repository) {
    MEDIC_TRY(list, database.prepare("SELECT " + std::string(k_columns) +
                                     " FROM production_checks " + std::string(condition) +
                                     " ORDER BY merged_ms, repository, pull_request"));
    if (!repository.empty())
        list->bind(1, repository);
    std::vector<ProductionCheck> checks;
    MEDIC_RETURN_IF_ERROR(
        list->each_row([&](const Statement& row) { checks.push_back(check_of(row)); }));
    return checks;
}

std::int64_t milli(double value) {
    return static_cast<std::int64_t>(std::llround(value * 1000));
}

} // namespace

Result<void> Store::record_production_check(const ProductionCheck& check) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(insert, m_state->database.prepare(
                          "INSERT INTO production_checks (repository, pull_request, "
                          "anomaly, kind, handler, merge_commit, merged_ms, before) VALUES (?1, "
                          "?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING"));
    return insert->bind(1, check.repository)
        .bind(2, check.pull_request)
        .bind(3, check.anomaly)
        .bind(4, check.kind)
        .bind(5, check.handler)
        .bind(6, check.merge_commit)
        .bind(7, milliseconds(check.merged))
        .bind(8, check.before)
        .run();
}

Result<std::vector<ProductionCheck>> Store::waiting_production_checks(std::string_view repository) {
    std::lock_guard lock(m_state->mutex);
    return checks_where(m_state->database, "WHERE repository = ?1 AND verdict = ''", repository);
}

Result<std::vector<ProductionCheck>> Store::production_checks() {
    std::lock_guard lock(m_state->mutex);
    return checks_where(m_state->database, "", "");
}

Result<bool> Store::record_production_verdict(const ProductionCheck& check,
                                              const IncomingDelivery& telling) {
    if (check.verdict.empty() || !std::isfinite(check.speedup) || !std::isfinite(check.p_value))
        return fail(ErrorCode::invalid_input,
                    "a production verdict needs a verdict and finite figures");
    std::lock_guard lock(m_state->mutex);
    auto& database = m_state->database;
    auto const now = m_state->now_ms();
    MEDIC_TRY(transaction, Transaction::begin(database));
    MEDIC_TRY(judge, database.prepare("UPDATE production_checks SET verdict = ?3, speedup_milli = "
                                      "?4, p_value = ?5, reason = ?6, judged_ms = ?7 WHERE "
                                      "repository = ?1 AND pull_request = ?2 AND verdict = '' "
                                      "RETURNING pull_request"));
    judge->bind(1, check.repository)
        .bind(2, check.pull_request)
        .bind(3, check.verdict)
        .bind(4, milli(check.speedup))
        .bind_real(5, check.p_value)
        .bind(6, check.reason)
        .bind(7, now);
    MEDIC_TRY(judged, judge->step());
    if (!*judged)
        return false; // judged before, or never recorded
    judge->reset();
    MEDIC_RETURN_IF_ERROR(
        add_fate_to_pull(database, check.repository, check.pull_request, check.verdict, now));
    MEDIC_TRY(speedup, database.prepare(
                           "UPDATE attempt_records SET production_speedup_milli = ?3 WHERE id = "
                           "(SELECT id FROM attempt_records WHERE repository = ?1 AND "
                           "pull_request = ?2 ORDER BY id DESC LIMIT 1)"));
    MEDIC_RETURN_IF_ERROR(speedup->bind(1, check.repository)
                              .bind(2, check.pull_request)
                              .bind(3, milli(check.speedup))
                              .run());
    MEDIC_TRY(queued, insert_delivery(*m_state, telling, stored_payload(*m_state, telling), true));
    MEDIC_RETURN_IF_ERROR(transaction->commit());
    return true;
}

Result<void> Store::record_revert(std::string_view repository, std::int64_t pull_request,
                                  std::int64_t revert) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(update, m_state->database.prepare("UPDATE production_checks SET revert = ?3 WHERE "
                                                "repository = ?1 AND pull_request = ?2"));
    return update->bind(1, repository).bind(2, pull_request).bind(3, revert).run();
}

Result<void> Store::record_reverted(std::string_view repository, std::int64_t pull_request) {
    std::lock_guard lock(m_state->mutex);
    return add_fate_to_pull(m_state->database, repository, pull_request, "reverted",
                            m_state->now_ms());
}

} // namespace medic::store
