// The pull requests Medic published: their merge facts and conflict marks.

#include "bot/store/store_state.hpp"

namespace medic::store {

Result<void> Store::record_published_fix(const PublishedFix& fix) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(record,
              m_state->database.prepare(
                  "INSERT INTO published_fixes (repository, number, branch, head_sha, anomaly, "
                  "strategy, validated, diff_lines, recorded_ms, proof, report) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                  "ON CONFLICT (repository, number) DO UPDATE SET branch = ?3, anomaly = ?5, "
                  "strategy = ?6, validated = ?7, diff_lines = ?8, recorded_ms = ?9, proof = ?10, "
                  "report = CASE WHEN ?11 = '' THEN published_fixes.report ELSE ?11 END, "
                  "conflict = CASE WHEN published_fixes.head_sha = ?4 THEN "
                  "published_fixes.conflict ELSE '' END, head_sha = ?4"));
    return record->bind(1, fix.repository)
        .bind(2, fix.number)
        .bind(3, fix.branch)
        .bind(4, fix.head_sha)
        .bind(5, fix.anomaly)
        .bind(6, fix.strategy)
        .bind(7, std::int64_t{fix.validated ? 1 : 0})
        .bind(8, std::int64_t{fix.diff_lines})
        .bind(9, m_state->now_ms())
        .bind(10, fix.proof)
        .bind(11, fix.report)
        .run();
}

Result<std::vector<PublishedFix>> Store::open_published_fixes(std::string_view repository,
                                                              std::string_view head_sha) {
    std::lock_guard lock(m_state->mutex);
    // Two statements, so that a lookup by head uses the (repository, head_sha) index: it runs
    // for every completed check on every commit.
    std::string const by_head = head_sha.empty() ? "" : " AND head_sha = ?2";
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT repository, number, branch, head_sha, anomaly, strategy, "
                        "validated, diff_lines, recorded_ms, conflict, proof, report, handed_over "
                        "FROM published_fixes f "
                        "WHERE repository = ?1" +
                        by_head +
                        " AND NOT EXISTS (SELECT 1 FROM pull_request_outcomes o WHERE "
                        "o.repository = f.repository AND o.number = f.number) ORDER BY number"));
    list->bind(1, repository);
    if (!head_sha.empty())
        list->bind(2, head_sha);
    std::vector<PublishedFix> fixes;
    MEDIC_RETURN_IF_ERROR(list->each_row([&](const Statement& row) {
        fixes.push_back({row.text(0), row.integer(1), row.text(2), row.text(3), row.text(4),
                         row.text(5), row.integer(6) != 0, static_cast<int>(row.integer(7)),
                         time_at(row.integer(8)), row.text(9), row.text(10), row.text(11),
                         row.text(12)});
    }));
    return fixes;
}

Result<std::vector<std::string>> Store::repositories_with_open_fixes() {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT DISTINCT repository FROM published_fixes f WHERE NOT EXISTS "
                        "(SELECT 1 FROM pull_request_outcomes o WHERE o.repository = "
                        "f.repository AND o.number = f.number) ORDER BY repository"));
    std::vector<std::string> repositories;
    MEDIC_RETURN_IF_ERROR(
        list->each_row([&](const Statement& row) { repositories.push_back(row.text(0)); }));
    return repositories;
}

namespace {

/// Sets one text column of a published pull request's row.
Result<void> set_published_text(Database& database, std::string_view column,
                                std::string_view repository, std::int64_t number,
                                std::string_view value) {
    MEDIC_TRY(set, database.prepare("UPDATE published_fixes SET " + std::string(column) +
                                    " = ?3 WHERE repository = ?1 AND number = ?2"));
    return set->bind(1, repository).bind(2, number).bind(3, value).run();
}

} // namespace

Result<void> Store::mark_conflict(std::string_view repository, std::int64_t number,
                                  std::string_view why) {
    std::lock_guard lock(m_state->mutex);
    return set_published_text(m_state->database, "conflict", repository, number, why);
}

Result<void> Store::hand_over(std::string_view repository, std::int64_t number,
                              std::string_view who) {
    std::lock_guard lock(m_state->mutex);
    return set_published_text(m_state->database, "handed_over", repository, number, who);
}

} // namespace medic::store
