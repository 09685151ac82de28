// Every attempt at a fix and its fates over time: what the learning reports read.

#include "bot/store/store_state.hpp"

#include <cmath>
#include <map>

namespace medic::store {

Result<void> add_fate_to_pull(Database& database, std::string_view repository,
                              std::int64_t pull_request, std::string_view fate,
                              std::int64_t now_ms) {
    // The attempt the pull request carries: its newest.
    MEDIC_TRY(add,
              database.prepare(
                  "INSERT INTO attempt_fates (attempt, fate, at_ms) SELECT id, ?3, ?4 "
                  "FROM attempt_records WHERE repository = ?1 AND pull_request = ?2 ORDER BY id "
                  "DESC LIMIT 1 ON CONFLICT DO NOTHING"));
    return add->bind(1, repository).bind(2, pull_request).bind(3, fate).bind(4, now_ms).run();
}

namespace {

/// The fate a pull request's earlier attempt gets when a new one replaces it.
Result<void> supersede(Database& database, const AttemptRecord& attempt, std::int64_t now_ms) {
    MEDIC_TRY(earlier, database.prepare("SELECT change FROM attempt_records WHERE repository = ?1 "
                                        "AND pull_request = ?2 ORDER BY id DESC LIMIT 1"));
    earlier->bind(1, attempt.repository).bind(2, attempt.pull_request);
    MEDIC_TRY(found, earlier->step());
    if (!*found)
        return {};
    auto const fate = earlier->text(0) == attempt.change ? "validated again" : "revised";
    return add_fate_to_pull(database, attempt.repository, attempt.pull_request, fate, now_ms);
}

/// Inserts the attempt's row; returns its id (the statement is finished when this returns, so
/// the transaction can commit).
Result<std::int64_t> insert_attempt(Database& database, const AttemptRecord& attempt,
                                    std::int64_t now_ms) {
    MEDIC_TRY(insert, database.prepare(
                          "INSERT INTO attempt_records (repository, anomaly, kind, handler, "
                          "strategy, change, status, speedup_milli, pull_request, recorded_ms) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id"));
    insert->bind(1, attempt.repository)
        .bind(2, attempt.anomaly)
        .bind(3, attempt.kind)
        .bind(4, attempt.handler)
        .bind(5, attempt.strategy)
        .bind(6, attempt.change)
        .bind(7, attempt.status)
        .bind(8, static_cast<std::int64_t>(std::llround(attempt.speedup * 1000)))
        .bind(9, attempt.pull_request)
        .bind(10, now_ms);
    MEDIC_TRY(inserted, insert->step());
    if (!*inserted)
        return fail(ErrorCode::internal, "recording an attempt returned no id");
    return insert->integer(0);
}

} // namespace

Result<std::int64_t> Store::record_attempt(const AttemptRecord& attempt) {
    std::lock_guard lock(m_state->mutex);
    auto& database = m_state->database;
    auto const now = m_state->now_ms();
    MEDIC_TRY(transaction, Transaction::begin(database));
    if (attempt.pull_request > 0)
        MEDIC_RETURN_IF_ERROR(supersede(database, attempt, now));
    MEDIC_TRY(id, insert_attempt(database, attempt, now));
    MEDIC_TRY(fate, database.prepare("INSERT INTO attempt_fates VALUES (?1, ?2, ?3)"));
    MEDIC_RETURN_IF_ERROR(fate->bind(1, *id).bind(2, attempt.status).bind(3, now).run());
    MEDIC_RETURN_IF_ERROR(transaction->commit());
    return *id;
}

Result<std::vector<AttemptRecord>> Store::attempt_records() {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT id, repository, anomaly, kind, handler, strategy, change, status, "
                        "speedup_milli, pull_request, recorded_ms, production_speedup_milli FROM "
                        "attempt_records ORDER BY id"));
    std::vector<AttemptRecord> attempts;
    std::map<std::int64_t, std::size_t> index;
    MEDIC_RETURN_IF_ERROR(list->each_row([&](const Statement& row) {
        index[row.integer(0)] = attempts.size();
        attempts.push_back({row.integer(0),
                            row.text(1),
                            row.text(2),
                            row.text(3),
                            row.text(4),
                            row.text(5),
                            row.text(6),
                            row.text(7),
                            static_cast<double>(row.integer(8)) / 1000,
                            row.integer(9),
                            static_cast<double>(row.integer(11)) / 1000,
                            time_at(row.integer(10)),
                            {}});
    }));
    MEDIC_TRY(fates, m_state->database.prepare(
                         "SELECT attempt, fate, at_ms FROM attempt_fates ORDER BY at_ms, rowid"));
    MEDIC_RETURN_IF_ERROR(fates->each_row([&](const Statement& row) {
        if (auto const found = index.find(row.integer(0)); found != index.end())
            attempts[found->second].fates.emplace_back(row.text(1), time_at(row.integer(2)));
    }));
    return attempts;
}

} // namespace medic::store
