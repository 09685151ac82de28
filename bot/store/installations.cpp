// The installations of the GitHub App and the repositories each grants.

#include "bot/model/enum_names.hpp"
#include "bot/store/store_state.hpp"

#include <array>

namespace medic::store {
namespace {

constexpr std::array<std::string_view, 3> k_installation_states = {"active", "suspended",
                                                                   "deleted"};

Result<void> upsert_installation(Database& database, std::int64_t id, std::string_view account,
                                 std::optional<InstallationState> state, std::int64_t now) {
    // A state of none keeps the recorded one (a new installation starts active).
    MEDIC_TRY(upsert, database.prepare(
                          "INSERT INTO installations (id, account, state, updated_ms) "
                          "VALUES (?1, ?2, coalesce(?3, 'active'), ?4) ON CONFLICT (id) DO "
                          "UPDATE SET account = ?2, state = coalesce(?3, installations.state), "
                          "updated_ms = ?4"));
    upsert->bind(1, id).bind(2, account).bind(4, now);
    if (state)
        upsert->bind(3, to_string(*state));
    else
        upsert->bind_null(3);
    return upsert->run();
}

Result<void> change_repositories(Database& database, std::int64_t id,
                                 const std::vector<std::string>& repositories, bool add) {
    MEDIC_TRY(
        change,
        database.prepare(
            add ? "INSERT INTO installation_repositories VALUES (?1, ?2) ON CONFLICT DO NOTHING"
                : "DELETE FROM installation_repositories WHERE installation_id = ?1 "
                  "AND repository = ?2"));
    for (auto const& repository : repositories) {
        MEDIC_RETURN_IF_ERROR(change->bind(1, id).bind(2, repository).run());
        change->reset();
    }
    return {};
}

} // namespace

std::string_view to_string(InstallationState state) {
    return name_of(k_installation_states, state);
}

Result<void> Store::record_installation(const Installation& installation, bool with_repositories) {
    std::lock_guard lock(m_state->mutex);
    auto& database = m_state->database;
    MEDIC_TRY(transaction, Transaction::begin(database));
    MEDIC_RETURN_IF_ERROR(upsert_installation(database, installation.id, installation.account,
                                              installation.state, m_state->now_ms()));
    if (with_repositories) {
        MEDIC_TRY(clear, database.prepare(
                             "DELETE FROM installation_repositories WHERE installation_id = ?1"));
        MEDIC_RETURN_IF_ERROR(clear->bind(1, installation.id).run());
        MEDIC_RETURN_IF_ERROR(
            change_repositories(database, installation.id, installation.repositories, true));
    }
    return transaction->commit();
}

Result<void> Store::change_installation_repositories(std::int64_t id, std::string_view account,
                                                     const std::vector<std::string>& added,
                                                     const std::vector<std::string>& removed) {
    std::lock_guard lock(m_state->mutex);
    auto& database = m_state->database;
    MEDIC_TRY(transaction, Transaction::begin(database));
    MEDIC_RETURN_IF_ERROR(
        upsert_installation(database, id, account, std::nullopt, m_state->now_ms()));
    MEDIC_RETURN_IF_ERROR(change_repositories(database, id, added, true));
    MEDIC_RETURN_IF_ERROR(change_repositories(database, id, removed, false));
    return transaction->commit();
}

Result<std::vector<Installation>> Store::installations() {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT i.id, i.account, i.state, r.repository FROM installations i "
                        "LEFT JOIN installation_repositories r ON r.installation_id = i.id "
                        "ORDER BY i.id, r.repository"));
    std::vector<Installation> installations;
    MEDIC_RETURN_IF_ERROR(list->each_row([&](const Statement& row) {
        if (installations.empty() || installations.back().id != row.integer(0))
            installations.push_back(
                {row.integer(0),
                 row.text(1),
                 enum_named<InstallationState>(k_installation_states, row.text(2))
                     .value_or(InstallationState::active),
                 {}});
        if (!row.is_null(3))
            installations.back().repositories.push_back(row.text(3));
    }));
    return installations;
}

} // namespace medic::store
