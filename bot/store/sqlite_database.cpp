#include "bot/store/sqlite_database.hpp"

#include <utility>

namespace medic::store {

Error sqlite_failure(sqlite3* connection, std::string_view doing) {
    int const code = connection ? sqlite3_extended_errcode(connection) : SQLITE_CANTOPEN;
    std::string message = std::string(doing) + ": " +
                          (connection ? sqlite3_errmsg(connection) : "cannot open the database");
    int const primary = code & 0xff;
    bool const busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    bool const unavailable = busy || primary == SQLITE_IOERR || primary == SQLITE_FULL ||
                             primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY;
    if (primary == SQLITE_CONSTRAINT)
        return {ErrorCode::conflict, std::move(message)};
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
        return {ErrorCode::invalid_input, std::move(message)};
    return {unavailable ? ErrorCode::unavailable : ErrorCode::internal, std::move(message)};
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_statement.get(), index, value);
    return *this;
}

Statement& Statement::bind_real(int index, double value) {
    sqlite3_bind_double(m_statement.get(), index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // An empty string_view may have no data pointer, which SQLite would bind as NULL.
    sqlite3_bind_text64(m_statement.get(), index, text.data() != nullptr ? text.data() : "",
                        text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(m_statement.get(), index);
    return *this;
}

Result<bool> Statement::step() {
    int const code = sqlite3_step(m_statement.get());
    if (code == SQLITE_ROW)
        return true;
    if (code == SQLITE_DONE)
        return false;
    return std::unexpected(sqlite_failure(m_connection, sqlite3_sql(m_statement.get())));
}

Result<void> Statement::run() {
    MEDIC_TRY(row, step());
    return {};
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_statement.get(), column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(m_statement.get(), column);
}

std::string Statement::text(int column) const {
    auto const* bytes = sqlite3_column_blob(m_statement.get(), column);
    auto const size = sqlite3_column_bytes(m_statement.get(), column);
    return bytes ? std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size))
                 : std::string();
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL;
}

Result<Database> Database::open(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    int const code = sqlite3_open_v2(
        file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    Database database(raw); // owns the handle even when opening failed
    if (code != SQLITE_OK)
        return std::unexpected(sqlite_failure(raw, "opening " + file.string()));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 10'000);
    // SQLite reads the file first here: a file that is no database fails now, named.
    if (auto set_up = database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                       "PRAGMA foreign_keys=ON");
        !set_up)
        return fail(set_up.error().code,
                    "opening " + file.string() + ": " + set_up.error().message);
    return database;
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(handle(), sql.data(), static_cast<int>(sql.size()), &statement,
                           nullptr) != SQLITE_OK)
        return std::unexpected(sqlite_failure(handle(), "preparing " + std::string(sql)));
    return Statement(handle(), statement);
}

Result<void> Database::execute(std::string_view sql) {
    std::string const text(sql);
    char* message = nullptr;
    if (sqlite3_exec(handle(), text.c_str(), nullptr, nullptr, &message) == SQLITE_OK)
        return {};
    sqlite3_free(message); // the connection keeps the same text for sqlite_failure
    return std::unexpected(sqlite_failure(handle(), text));
}

Result<Transaction> Transaction::begin(Database& database) {
    MEDIC_RETURN_IF_ERROR(database.execute("BEGIN IMMEDIATE"));
    return Transaction(database);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_database(other.m_database), m_open(std::exchange(other.m_open, false)) {}

Transaction::~Transaction() {
    if (m_open)
        static_cast<void>(m_database->execute("ROLLBACK"));
}

Result<void> Transaction::commit() {
    MEDIC_RETURN_IF_ERROR(m_database->execute("COMMIT"));
    m_open = false;
    return {};
}

} // namespace medic::store
