#pragma once
// Internal to medic_store, the one library that calls SQLite: an owned connection and owned
// prepared statements (no code path leaks or double-frees a handle), transactions that roll back
// unless committed, and SQLite's errors as Medic's.

#include "bot/model/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace medic::store {

struct CloseConnection {
    void operator()(sqlite3* connection) const { sqlite3_close_v2(connection); }
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

/// One prepared statement: bind by position (from 1), step, read columns (from 0).
class Statement {
public:
    Statement(sqlite3* connection, sqlite3_stmt* statement)
        : m_connection(connection), m_statement(statement) {}

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_null(int index);
    Statement& bind_real(int index, double value);
    /// Runs to the next row: true with a row to read, false when done.
    Result<bool> step();
    /// Runs a statement that returns no rows.
    Result<void> run();
    /// Runs the statement to its end, handing each row to `read`.
    template <typename Read>
    Result<void> each_row(Read read) {
        for (;;) {
            MEDIC_TRY(row, step());
            if (!*row)
                return {};
            read(*this);
        }
    }

    /// Makes the statement ready to run again (bindings are kept until re-bound).
    void reset() { sqlite3_reset(m_statement.get()); }

    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] double real(int column) const;
    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] bool is_null(int column) const;

private:
    sqlite3* m_connection;
    std::unique_ptr<sqlite3_stmt, FinalizeStatement> m_statement;
};

/// A connection to one database file, opened for durability: WAL, synchronous=FULL (a commit
/// reaches the disk before it returns), foreign keys on, and a busy timeout so that processes
/// sharing the file wait for each other instead of failing.
class Database {
public:
    static Result<Database> open(const std::filesystem::path& file);

    Result<Statement> prepare(std::string_view sql);
    /// Runs statements that return no rows (several, separated by ';').
    Result<void> execute(std::string_view sql);
    [[nodiscard]] sqlite3* handle() const { return m_connection.get(); }

private:
    explicit Database(sqlite3* connection) : m_connection(connection) {}
    std::unique_ptr<sqlite3, CloseConnection> m_connection;
};

/// BEGIN IMMEDIATE (the write lock taken at once, so two writers never deadlock on an upgrade);
/// rolled back when destroyed uncommitted.
class Transaction {
public:
    static Result<Transaction> begin(Database& database);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Database& database) : m_database(&database) {}
    Database* m_database;
    bool m_open = true;
};

/// SQLite's last error on `connection` as an Error, with what Medic was doing.
Error sqlite_failure(sqlite3* connection, std::string_view doing);

} // namespace medic::store
