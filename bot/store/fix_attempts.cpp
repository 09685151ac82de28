// Medic's failed attempts per anomaly, the escalation issue opened once they are too many, and
// the changes reviewers rejected.

#include "bot/store/store_state.hpp"

#include <nlohmann/json.hpp>

namespace medic::store {
namespace {

/// The reasons kept per anomaly: enough for the escalation issue to say what was tried.
constexpr std::size_t k_kept_reasons = 10;

std::vector<std::string> reasons_of(const std::string& text) {
    auto const parsed = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> reasons;
    if (parsed.is_array())
        for (auto const& reason : parsed)
            if (reason.is_string())
                reasons.push_back(reason.get<std::string>());
    return reasons;
}

Result<std::optional<FixAttempts>> read_attempts(Database& database, std::string_view repository,
                                                 std::string_view anomaly) {
    MEDIC_TRY(read, database.prepare("SELECT failures, reasons, issue FROM fix_attempts WHERE "
                                     "repository = ?1 AND anomaly = ?2"));
    read->bind(1, repository).bind(2, anomaly);
    MEDIC_TRY(found, read->step());
    if (!*found)
        return std::optional<FixAttempts>();
    return FixAttempts{std::string(repository), std::string(anomaly),
                       static_cast<int>(read->integer(0)), reasons_of(read->text(1)),
                       read->integer(2)};
}

} // namespace

Result<FixAttempts> Store::record_fix_attempt(std::string_view repository, std::string_view anomaly,
                                              bool succeeded, std::string_view reason) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(transaction, Transaction::begin(m_state->database));
    MEDIC_TRY(earlier, read_attempts(m_state->database, repository, anomaly));
    FixAttempts attempts =
        earlier->value_or(FixAttempts{std::string(repository), std::string(anomaly), 0, {}, 0});
    if (succeeded) {
        attempts.failures = 0;
        attempts.reasons.clear();
    } else {
        ++attempts.failures;
        attempts.reasons.emplace_back(reason);
        if (attempts.reasons.size() > k_kept_reasons)
            attempts.reasons.erase(attempts.reasons.begin());
    }
    MEDIC_TRY(write, m_state->database.prepare(
                         "INSERT INTO fix_attempts (repository, anomaly, failures, reasons, "
                         "updated_ms) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (repository, "
                         "anomaly) DO UPDATE SET failures = ?3, reasons = ?4, updated_ms = ?5"));
    MEDIC_RETURN_IF_ERROR(write->bind(1, repository)
                              .bind(2, anomaly)
                              .bind(3, std::int64_t{attempts.failures})
                              .bind(4, nlohmann::json(attempts.reasons).dump())
                              .bind(5, m_state->now_ms())
                              .run());
    MEDIC_RETURN_IF_ERROR(transaction->commit());
    return attempts;
}

Result<void> Store::record_escalation(std::string_view repository, std::string_view anomaly,
                                      std::int64_t issue) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(write, m_state->database.prepare(
                         "INSERT INTO fix_attempts (repository, anomaly, issue, updated_ms) "
                         "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (repository, anomaly) DO UPDATE "
                         "SET issue = ?3, updated_ms = ?4"));
    return write->bind(1, repository)
        .bind(2, anomaly)
        .bind(3, issue)
        .bind(4, m_state->now_ms())
        .run();
}

Result<std::vector<FixAttempts>> Store::escalated(std::string_view repository) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT anomaly, failures, reasons, issue FROM fix_attempts WHERE "
                        "repository = ?1 AND issue > 0 ORDER BY anomaly"));
    list->bind(1, repository);
    std::vector<FixAttempts> escalations;
    MEDIC_RETURN_IF_ERROR(list->each_row([&](const Statement& row) {
        escalations.push_back({std::string(repository), row.text(0),
                               static_cast<int>(row.integer(1)), reasons_of(row.text(2)),
                               row.integer(3)});
    }));
    return escalations;
}

Result<void> Store::record_rejected_change(const RejectedChange& change) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(write, m_state->database.prepare(
                         "INSERT INTO rejected_changes (repository, anomaly, change, "
                         "pull_request, why, rejected_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                         "ON CONFLICT (repository, anomaly, change) DO NOTHING"));
    return write->bind(1, change.repository)
        .bind(2, change.anomaly)
        .bind(3, change.change)
        .bind(4, change.pull_request)
        .bind(5, change.why)
        .bind(6, m_state->now_ms())
        .run();
}

Result<std::vector<RejectedChange>> Store::rejected_changes(std::string_view repository) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT anomaly, change, pull_request, why, rejected_ms FROM "
                        "rejected_changes WHERE repository = ?1 ORDER BY anomaly, rejected_ms"));
    list->bind(1, repository);
    std::vector<RejectedChange> changes;
    MEDIC_RETURN_IF_ERROR(list->each_row([&](const Statement& row) {
        changes.push_back({std::string(repository), row.text(0), row.text(1), row.integer(2),
                           row.text(3), time_at(row.integer(4))});
    }));
    return changes;
}

} // namespace medic::store
