// The SQLite back end of the store's database: the embedded default, one file.

#include "bot/store/sql_database.hpp"

#include <map>
#include <mutex>
#include <sqlite3.h>
#include <vector>

namespace medic::store {
namespace {

struct CloseConnection {
    void operator()(sqlite3* connection) const { sqlite3_close_v2(connection); }
};

/// SQLite's last error on `connection` as an Error, with what Medic was doing.
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

/// The connection's prepared statements, kept for the next prepare of the same text once their
/// user is done: preparing the delivery's INSERT took 8 % of bench/serve's CPU. A statement in
/// use is never handed out twice; a text met for the first time past `k_texts` is not kept.
class StatementCache {
public:
    static constexpr std::size_t k_texts = 128;
    static constexpr std::size_t k_copies = 2; ///< Of one text (a statement used while in use).

    StatementCache() = default;
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() {
        for (auto& [sql, idle] : m_idle)
            for (auto* statement : idle)
                sqlite3_finalize(statement);
    }

    /// A kept statement of `sql`, reset with nothing bound; none when none is idle.
    sqlite3_stmt* take(std::string_view sql) {
        std::lock_guard lock(m_mutex);
        auto const found = m_idle.find(sql);
        if (found == m_idle.end() || found->second.empty())
            return nullptr;
        auto* statement = found->second.back();
        found->second.pop_back();
        return statement;
    }

    /// Keeps `statement` (reset, its bindings cleared) or finalizes it.
    void give_back(sqlite3_stmt* statement) {
        if (statement == nullptr) // the text held no statement (SQLite prepares none)
            return;
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        std::string_view const sql = sqlite3_sql(statement);
        std::lock_guard lock(m_mutex);
        auto found = m_idle.find(sql);
        if (found == m_idle.end() && m_idle.size() < k_texts)
            found = m_idle.emplace(std::string(sql), std::vector<sqlite3_stmt*>{}).first;
        if (found == m_idle.end() || found->second.size() >= k_copies) {
            sqlite3_finalize(statement);
            return;
        }
        found->second.push_back(statement);
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::vector<sqlite3_stmt*>, std::less<>> m_idle;
};

class SqliteStatement final : public StatementBackend {
public:
    SqliteStatement(sqlite3* connection, sqlite3_stmt* statement, StatementCache& cache)
        : m_connection(connection), m_statement(statement), m_cache(cache) {}
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement() override { m_cache.give_back(m_statement); }

    void bind_integer(int index, std::int64_t value) override {
        sqlite3_bind_int64(statement(), index, value);
    }
    void bind_real(int index, double value) override {
        sqlite3_bind_double(statement(), index, value);
    }
    void bind_text(int index, std::string_view text) override {
        // An empty string_view may have no data pointer, which SQLite would bind as NULL.
        sqlite3_bind_text64(statement(), index, text.data() != nullptr ? text.data() : "",
                            text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    // Stored as text, as the first schemas did: SQLite keeps any bytes either way.
    void bind_bytes(int index, std::string_view bytes) override { bind_text(index, bytes); }
    void bind_null(int index) override { sqlite3_bind_null(statement(), index); }

    Result<bool> step() override {
        int const code = sqlite3_step(statement());
        if (code == SQLITE_ROW)
            return true;
        if (code == SQLITE_DONE)
            return false;
        return std::unexpected(sqlite_failure(m_connection, sqlite3_sql(statement())));
    }
    void reset() override { sqlite3_reset(statement()); }

    [[nodiscard]] std::int64_t integer(int column) const override {
        return sqlite3_column_int64(statement(), column);
    }
    [[nodiscard]] double real(int column) const override {
        return sqlite3_column_double(statement(), column);
    }
    [[nodiscard]] std::string text(int column) const override {
        auto const* bytes = sqlite3_column_blob(statement(), column);
        auto const size = sqlite3_column_bytes(statement(), column);
        return bytes ? std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size))
                     : std::string();
    }
    [[nodiscard]] bool is_null(int column) const override {
        return sqlite3_column_type(statement(), column) == SQLITE_NULL;
    }

private:
    [[nodiscard]] sqlite3_stmt* statement() const { return m_statement; }
    sqlite3* m_connection;
    sqlite3_stmt* m_statement;
    StatementCache& m_cache;
};

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(sqlite3* connection) : m_connection(connection) {}

    Result<std::unique_ptr<StatementBackend>> prepare(std::string_view sql) override {
        sqlite3_stmt* statement = m_statements.take(sql);
        if (!statement &&
            sqlite3_prepare_v3(handle(), sql.data(), static_cast<int>(sql.size()),
                               SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK)
            return std::unexpected(sqlite_failure(handle(), "preparing " + std::string(sql)));
        return std::make_unique<SqliteStatement>(handle(), statement, m_statements);
    }

    Result<void> execute(std::string_view sql) override {
        std::string const text(sql);
        char* message = nullptr;
        if (sqlite3_exec(handle(), text.c_str(), nullptr, nullptr, &message) == SQLITE_OK)
            return {};
        sqlite3_free(message); // the connection keeps the same text for sqlite_failure
        return std::unexpected(sqlite_failure(handle(), text));
    }

    Result<void> begin(bool /*exclusive: every SQLite writer is*/) override {
        return execute("BEGIN IMMEDIATE");
    }
    Result<void> commit() override {
        auto committed = execute("COMMIT");
        if (!committed)
            rollback(); // still open after a failed COMMIT (SQLITE_BUSY): end it
        return committed;
    }
    void rollback() override {
        if (!sqlite3_get_autocommit(handle()))
            static_cast<void>(execute("ROLLBACK"));
    }

    [[nodiscard]] Dialect dialect() const override { return Dialect::sqlite; }

private:
    [[nodiscard]] sqlite3* handle() const { return m_connection.get(); }
    std::unique_ptr<sqlite3, CloseConnection> m_connection;
    StatementCache m_statements; ///< Finalized before the connection closes.
};

} // namespace

Result<Database> Database::open_sqlite(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    int const code = sqlite3_open_v2(
        file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    Database database(std::make_unique<SqliteConnection>(raw)); // owns the handle even on failure
    if (code != SQLITE_OK)
        return std::unexpected(sqlite_failure(raw, "opening " + file.string()));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 10'000);
    // SQLite reads the file first here: a file that is no database fails now, named.
    // A checkpoint copies the log into the database inside the COMMIT that crosses the
    // threshold, while every writer waits: it sets bench/serve's p99. With compressed
    // deliveries (2.6 KB, a page each), 20 s runs gave p99 7.0-7.4 ms at 100 pages, 8.0 ms at
    // 250, 12-19 ms at SQLite's 1000 (which had the most throughput: 7,400/s against
    // 6,400-6,900/s); 50 pages was no better than 100. A checkpoint on a thread and connection
    // of its own was slower, and its log restarts stalled writers (p99 up to 54 ms).
    if (auto set_up = database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                       "PRAGMA wal_autocheckpoint=100; PRAGMA foreign_keys=ON");
        !set_up)
        return fail(set_up.error().code,
                    "opening " + file.string() + ": " + set_up.error().message);
    return database;
}

} // namespace medic::store
