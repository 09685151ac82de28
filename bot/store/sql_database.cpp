#include "bot/store/sql_database.hpp"

#include "bot/store/store.hpp"

#include <utility>

namespace medic::store {

Result<void> Statement::run() {
    MEDIC_TRY(row, step());
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    MEDIC_TRY(backend, m_connection->prepare(sql));
    return Statement(std::move(*backend));
}

Result<Transaction> Transaction::begin(Database& database) {
    MEDIC_RETURN_IF_ERROR(database.m_connection->begin(/*exclusive=*/true));
    return Transaction(database);
}

Result<Transaction> Transaction::begin_concurrent(Database& database) {
    MEDIC_RETURN_IF_ERROR(database.m_connection->begin(/*exclusive=*/false));
    return Transaction(database);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_database(other.m_database), m_open(std::exchange(other.m_open, false)) {}

Transaction::~Transaction() {
    if (m_open)
        m_database->m_connection->rollback();
}

Result<void> Transaction::commit() {
    m_open = false; // a commit that fails ends the transaction too
    return m_database->m_connection->commit();
}

std::string redact_url(std::string_view url) {
    // scheme://user:password@host…: the password is what lies between the first ':' after the
    // scheme and the '@' that ends the user information.
    auto const scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        return std::string(url);
    auto const authority = scheme_end + 3;
    auto const at = url.find('@', authority);
    auto const slash = url.find('/', authority);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at))
        return std::string(url);
    auto const colon = url.find(':', authority);
    if (colon == std::string_view::npos || colon > at)
        return std::string(url);
    return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

} // namespace medic::store
