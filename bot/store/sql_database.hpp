#pragma once
// Internal to medic_store, the one library that talks to a database: one connection (SQLite's
// embedded file or a PostgreSQL server, behind the same interface), owned prepared statements,
// transactions that roll back unless committed, and each back end's errors as Medic's.
//
// Statements are written once, in the SQL both back ends accept, with numbered parameters
// (?1, ?2, …); the PostgreSQL back end turns those into $1, $2, … Where the two differ in what
// they can do (the queue's row locks), the caller asks Database::dialect().

#include "bot/model/result.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace medic::store {

enum class Dialect { sqlite, postgresql };

/// One prepared statement of a back end (see Statement).
class StatementBackend {
public:
    virtual ~StatementBackend() = default;
    virtual void bind_integer(int index, std::int64_t value) = 0;
    virtual void bind_real(int index, double value) = 0;
    virtual void bind_text(int index, std::string_view text) = 0;
    /// Bytes that need not be text (a webhook's body).
    virtual void bind_bytes(int index, std::string_view bytes) = 0;
    virtual void bind_null(int index) = 0;
    virtual Result<bool> step() = 0;
    virtual void reset() = 0;
    [[nodiscard]] virtual std::int64_t integer(int column) const = 0;
    [[nodiscard]] virtual double real(int column) const = 0;
    [[nodiscard]] virtual std::string text(int column) const = 0;
    [[nodiscard]] virtual bool is_null(int column) const = 0;
};

/// One open connection of a back end (see Database).
class Connection {
public:
    virtual ~Connection() = default;
    virtual Result<std::unique_ptr<StatementBackend>> prepare(std::string_view sql) = 0;
    /// Runs statements that return no rows (several, separated by ';').
    virtual Result<void> execute(std::string_view sql) = 0;
    /// `exclusive`: see Transaction::begin.
    virtual Result<void> begin(bool exclusive) = 0;
    virtual Result<void> commit() = 0;
    virtual void rollback() = 0;
    [[nodiscard]] virtual Dialect dialect() const = 0;
    /// How often the connection to a database server was found lost (0 for SQLite).
    [[nodiscard]] virtual std::uint64_t interruptions() const { return 0; }
};

/// One prepared statement: bind by position (from 1), step, read columns (from 0). It must end
/// before the Database that prepared it (SQLite gives its statement back to the connection's
/// cache).
class Statement {
public:
    explicit Statement(std::unique_ptr<StatementBackend> backend) : m_backend(std::move(backend)) {}

    Statement& bind(int index, std::int64_t value) {
        m_backend->bind_integer(index, value);
        return *this;
    }
    Statement& bind(int index, std::string_view text) {
        m_backend->bind_text(index, text);
        return *this;
    }
    Statement& bind_bytes(int index, std::string_view bytes) {
        m_backend->bind_bytes(index, bytes);
        return *this;
    }
    Statement& bind_null(int index) {
        m_backend->bind_null(index);
        return *this;
    }
    Statement& bind_real(int index, double value) {
        m_backend->bind_real(index, value);
        return *this;
    }
    /// Runs to the next row: true with a row to read, false when done.
    Result<bool> step() { return m_backend->step(); }
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
    void reset() { m_backend->reset(); }

    [[nodiscard]] std::int64_t integer(int column) const { return m_backend->integer(column); }
    [[nodiscard]] double real(int column) const { return m_backend->real(column); }
    [[nodiscard]] std::string text(int column) const { return m_backend->text(column); }
    [[nodiscard]] bool is_null(int column) const { return m_backend->is_null(column); }

private:
    std::unique_ptr<StatementBackend> m_backend;
};

/// A connection to the store's database.
class Database {
public:
    /// A SQLite file, opened for durability: WAL, synchronous=FULL (a commit reaches the disk
    /// before it returns), foreign keys on, and a busy timeout so that processes sharing the
    /// file wait for each other instead of failing.
    static Result<Database> open_sqlite(const std::filesystem::path& file);
    /// A PostgreSQL server at a libpq connection URL (postgresql://…; the password from
    /// PGPASSWORD or a PGPASSFILE, TLS as the URL's sslmode asks). A connection lost between
    /// transactions (the server restarted) is made again before the next statement.
    static Result<Database> open_postgresql(std::string_view url);

    Result<Statement> prepare(std::string_view sql);
    Result<void> execute(std::string_view sql) { return m_connection->execute(sql); }
    [[nodiscard]] Dialect dialect() const { return m_connection->dialect(); }
    [[nodiscard]] std::uint64_t interruptions() const { return m_connection->interruptions(); }

private:
    friend class Transaction;
    explicit Database(std::unique_ptr<Connection> connection)
        : m_connection(std::move(connection)) {}
    std::unique_ptr<Connection> m_connection;
};

/// Waits for PostgreSQL notifications (NOTIFY) on one channel, over a connection of its own.
class NotificationListener {
public:
    static Result<NotificationListener> open(std::string_view url, std::string_view channel);
    NotificationListener(NotificationListener&&) noexcept;
    NotificationListener& operator=(NotificationListener&&) noexcept;
    ~NotificationListener();
    /// True when a notification arrived within `timeout` (every one waiting is taken); a lost
    /// connection is made again (and listens again) at the next call.
    Result<bool> wait(std::chrono::milliseconds timeout);

    class Impl;

private:
    explicit NotificationListener(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// A transaction, rolled back when destroyed uncommitted.
class Transaction {
public:
    /// One writer at a time, as SQLite's BEGIN IMMEDIATE (on PostgreSQL: a transaction-scoped
    /// advisory lock all of Medic's exclusive transactions share), for read-then-write sequences.
    static Result<Transaction> begin(Database& database);
    /// Writers run side by side on PostgreSQL (READ COMMITTED, row locks): for statements that
    /// are safe so, as the queue's are. SQLite has one writer at a time anyway.
    static Result<Transaction> begin_concurrent(Database& database);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Database& database) : m_database(&database) {}
    Database* m_database;
    bool m_open = true;
};

} // namespace medic::store
