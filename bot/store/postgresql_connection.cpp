// The PostgreSQL back end of the store's database (libpq): for several Medic processes, on one
// machine or many, sharing one queue and one state.

#include "bot/model/text.hpp"
#include "bot/store/sql_database.hpp"
#include "bot/store/store.hpp"

#include <atomic>
#include <charconv>
#include <cstdio>
#include <libpq-fe.h>
#include <optional>
#include <poll.h>
#include <vector>

namespace medic::store {
namespace {

// The types Medic binds (PostgreSQL's pg_type OIDs, fixed since its first releases).
constexpr Oid k_bytea = 17;
constexpr Oid k_int8 = 20;
constexpr Oid k_text = 25;
constexpr Oid k_float8 = 701;

struct FinishConnection {
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ClearResult {
    void operator()(PGresult* result) const { PQclear(result); }
};
using OwnedResult = std::unique_ptr<PGresult, ClearResult>;

/// What an SQLSTATE means to Medic's callers: a constraint is a conflict; a lost or refused
/// connection, a server shutting down, a lock timeout or a serialization failure is
/// `unavailable` (try again); anything else is a bug.
ErrorCode error_code_of(std::string_view sqlstate) {
    if (sqlstate.starts_with("23"))
        return ErrorCode::conflict;
    for (std::string_view transient : {"08", "53", "57P", "40001", "40P01", "55P03"})
        if (sqlstate.starts_with(transient))
            return ErrorCode::unavailable;
    return ErrorCode::internal;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

Error postgresql_failure(PGconn* connection, const PGresult* result, std::string_view doing) {
    std::string message = result && *PQresultErrorMessage(result) ? PQresultErrorMessage(result)
                                                                  : PQerrorMessage(connection);
    auto message_text = std::string(doing) + ": " + trimmed(std::move(message));
    if (PQstatus(connection) != CONNECTION_OK)
        return {ErrorCode::unavailable, std::move(message_text)};
    char const* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    return {sqlstate ? error_code_of(sqlstate) : ErrorCode::unavailable, std::move(message_text)};
}

/// Connects to `url` (a libpq URL or conninfo) with Medic's connection settings first, so that
/// what the URL says wins and PQreset keeps them: the server ends a transaction whose client
/// went silent (a machine that died inside one would otherwise hold its locks until TCP gives
/// up, hours later); both ends probe an idle connection, and unacknowledged data or a connect
/// gives up after a minute or ten seconds, so that a dead peer is noticed within about a minute.
PGconn* connect_with_session_settings(std::string_view url) {
    std::string const dbname(url);
    const char* const keywords[] = {"options",
                                    "keepalives_idle",
                                    "keepalives_interval",
                                    "keepalives_count",
                                    "tcp_user_timeout",
                                    "connect_timeout",
                                    "dbname",
                                    nullptr};
    const char* const values[] = {"-c idle_in_transaction_session_timeout=60s "
                                  "-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 "
                                  "-c tcp_keepalives_count=3",
                                  "30",
                                  "10",
                                  "3",
                                  "60000",
                                  "10",
                                  dbname.c_str(),
                                  nullptr};
    return PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
}

/// A refused password gets told where Medic takes one from (never from its own messages).
Error with_password_hint(Error error) {
    auto const& text = error.message;
    if (text.find("no password supplied") != std::string::npos ||
        text.find("password authentication failed") != std::string::npos)
        error.message += " (the password is read from PGPASSWORD, or from the file PGPASSFILE "
                         "names, ~/.pgpass by default: lines of "
                         "host:port:database:user:password, mode 0600)";
    return error;
}

/// `sql` with SQLite's numbered parameters (?1) as PostgreSQL's ($1); a bare ? takes the next
/// number. Text in quotes is left alone.
std::string postgresql_parameters(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    bool quoted = false;
    int next = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        char const c = sql[i];
        if (c == '\'')
            quoted = !quoted;
        if (c != '?' || quoted) {
            out += c;
            continue;
        }
        out += '$';
        if (i + 1 >= sql.size() || sql[i + 1] < '0' || sql[i + 1] > '9')
            out += std::to_string(++next);
    }
    return out;
}

class PostgresqlConnection;

class PostgresqlStatement final : public StatementBackend {
public:
    PostgresqlStatement(PostgresqlConnection& connection, std::string sql)
        : m_connection(connection), m_sql(std::move(sql)) {}

    void bind_integer(int index, std::int64_t value) override {
        set(index, std::to_string(value), k_int8, 0);
    }
    void bind_real(int index, double value) override {
        char text[32];
        std::snprintf(text, sizeof text, "%.17g", value);
        set(index, text, k_float8, 0);
    }
    /// PostgreSQL's text is UTF-8 without NUL (SQLite keeps any bytes): text that is not — a
    /// Latin-1 build log quoted in a job's outcome — is stored with U+FFFD in place of each bad
    /// byte, rather than refused with the whole statement.
    void bind_text(int index, std::string_view text) override {
        set(index, replace_all(valid_utf8(text), std::string_view("\0", 1), "\xEF\xBF\xBD"), k_text,
            0);
    }
    void bind_bytes(int index, std::string_view bytes) override {
        set(index, std::string(bytes), k_bytea, 1); // binary: the bytes as they are
    }
    void bind_null(int index) override {
        grow(index);
        m_values[static_cast<std::size_t>(index - 1)].reset();
        m_types[static_cast<std::size_t>(index - 1)] = 0;
    }

    Result<bool> step() override;
    void reset() override {
        m_result.reset();
        m_row = -1;
    }

    [[nodiscard]] std::int64_t integer(int column) const override {
        std::int64_t value = 0;
        auto const* text = PQgetvalue(m_result.get(), m_row, column);
        std::from_chars(text, text + PQgetlength(m_result.get(), m_row, column), value);
        return value;
    }
    [[nodiscard]] double real(int column) const override {
        double value = 0;
        auto const* text = PQgetvalue(m_result.get(), m_row, column);
        std::from_chars(text, text + PQgetlength(m_result.get(), m_row, column), value);
        return value;
    }
    [[nodiscard]] std::string text(int column) const override;
    [[nodiscard]] bool is_null(int column) const override {
        return PQgetisnull(m_result.get(), m_row, column) != 0;
    }

private:
    void grow(int index) {
        auto const size = static_cast<std::size_t>(index);
        if (m_values.size() < size) {
            m_values.resize(size);
            m_types.resize(size, 0);
            m_formats.resize(size, 0);
        }
    }
    void set(int index, std::string value, Oid type, int format) {
        grow(index);
        auto const at = static_cast<std::size_t>(index - 1);
        m_values[at] = std::move(value);
        m_types[at] = type;
        m_formats[at] = format;
    }
    Result<void> execute();

    PostgresqlConnection& m_connection;
    std::string m_sql;
    std::vector<std::optional<std::string>> m_values;
    std::vector<Oid> m_types;
    std::vector<int> m_formats;
    OwnedResult m_result;
    int m_row = -1;
};

class PostgresqlConnection final : public Connection {
public:
    PostgresqlConnection(PGconn* connection, std::string redacted_url)
        : m_connection(connection), m_url(std::move(redacted_url)) {
        // Notices (a table that exists already, …) are not Medic's output.
        PQsetNoticeProcessor(connection, [](void*, const char*) {}, nullptr);
    }

    Result<std::unique_ptr<StatementBackend>> prepare(std::string_view sql) override {
        return std::make_unique<PostgresqlStatement>(*this, postgresql_parameters(sql));
    }

    Result<void> execute(std::string_view sql) override {
        MEDIC_RETURN_IF_ERROR(usable());
        OwnedResult result(PQexec(handle(), std::string(sql).c_str()));
        return checked(result.get(), sql);
    }

    Result<void> begin(bool exclusive) override {
        MEDIC_RETURN_IF_ERROR(execute("BEGIN"));
        m_in_transaction = true;
        // Medic's exclusive transactions take one lock, as SQLite's writers take the file's.
        if (auto locked =
                exclusive ? execute("SELECT pg_advisory_xact_lock(310179832675)") : Result<void>();
            !locked) {
            rollback(); // no Transaction owns it yet: nothing else would end it
            return locked;
        }
        return {};
    }
    Result<void> commit() override {
        m_in_transaction = false;
        OwnedResult result(PQexec(handle(), "COMMIT"));
        MEDIC_RETURN_IF_ERROR(checked(result.get(), "COMMIT"));
        // COMMIT of a transaction that failed rolls it back, without an error.
        if (std::string_view(PQcmdStatus(result.get())) != "COMMIT")
            return fail(ErrorCode::unavailable, "the transaction was rolled back, not committed");
        return {};
    }
    void rollback() override {
        m_in_transaction = false;
        if (PQstatus(handle()) == CONNECTION_OK)
            PQclear(PQexec(handle(), "ROLLBACK"));
    }

    [[nodiscard]] Dialect dialect() const override { return Dialect::postgresql; }
    [[nodiscard]] std::uint64_t interruptions() const override { return m_interruptions; }

    [[nodiscard]] PGconn* handle() const { return m_connection.get(); }

    /// Ready for the next statement: a connection lost between transactions is made again; one
    /// lost inside a transaction fails every statement until the transaction ends.
    Result<void> usable() {
        if (PQstatus(handle()) == CONNECTION_OK)
            return {};
        ++m_interruptions;
        if (m_in_transaction)
            return fail(ErrorCode::unavailable,
                        "the connection to " + m_url + " was lost during a transaction");
        PQreset(handle());
        if (PQstatus(handle()) != CONNECTION_OK)
            return std::unexpected(
                postgresql_failure(handle(), nullptr, "connecting again to " + m_url));
        return {};
    }

    Result<void> checked(const PGresult* result, std::string_view doing) {
        auto const status = PQresultStatus(result);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
            return {};
        if (PQstatus(handle()) != CONNECTION_OK)
            ++m_interruptions;
        return std::unexpected(postgresql_failure(handle(), result, doing));
    }

private:
    std::unique_ptr<PGconn, FinishConnection> m_connection;
    std::string m_url;
    bool m_in_transaction = false;
    std::atomic<std::uint64_t> m_interruptions = 0;
};

Result<void> PostgresqlStatement::execute() {
    MEDIC_RETURN_IF_ERROR(m_connection.usable());
    std::vector<const char*> values;
    std::vector<int> lengths;
    for (auto const& value : m_values) {
        values.push_back(value ? value->c_str() : nullptr);
        lengths.push_back(value ? static_cast<int>(value->size()) : 0);
    }
    m_result.reset(PQexecParams(m_connection.handle(), m_sql.c_str(),
                                static_cast<int>(m_values.size()), m_types.data(), values.data(),
                                lengths.data(), m_formats.data(), 0));
    if (auto checked = m_connection.checked(m_result.get(), m_sql); !checked) {
        m_result.reset();
        return checked;
    }
    return {};
}

Result<bool> PostgresqlStatement::step() {
    if (!m_result)
        MEDIC_RETURN_IF_ERROR(execute());
    ++m_row;
    return m_row < PQntuples(m_result.get());
}

std::string PostgresqlStatement::text(int column) const {
    auto const* value = PQgetvalue(m_result.get(), m_row, column);
    auto const length = static_cast<std::size_t>(PQgetlength(m_result.get(), m_row, column));
    if (PQftype(m_result.get(), column) != k_bytea)
        return {value, length};
    // bytea arrives in its text form (\x and hex digits).
    std::size_t size = 0;
    auto* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(value), &size);
    if (!bytes)
        return {};
    std::string out(reinterpret_cast<const char*>(bytes), size);
    PQfreemem(bytes);
    return out;
}

} // namespace

Result<Database> Database::open_postgresql(std::string_view url) {
    auto const redacted = redact_url(url);
    PGconn* raw = connect_with_session_settings(url);
    if (!raw)
        return fail(ErrorCode::unavailable, "connecting to " + redacted + ": out of memory");
    auto connection = std::make_unique<PostgresqlConnection>(raw, redacted);
    if (PQstatus(raw) != CONNECTION_OK)
        return std::unexpected(
            with_password_hint(postgresql_failure(raw, nullptr, "connecting to " + redacted)));
    return Database(std::move(connection));
}

} // namespace medic::store

namespace medic::store {

class NotificationListener::Impl {
public:
    Impl(PGconn* connection, std::string url, std::string channel)
        : m_connection(connection), m_url(std::move(url)), m_channel(std::move(channel)) {
        PQsetNoticeProcessor(connection, [](void*, const char*) {}, nullptr);
    }

    Result<void> listen() {
        if (PQstatus(m_connection.get()) != CONNECTION_OK) {
            PQreset(m_connection.get());
            if (PQstatus(m_connection.get()) != CONNECTION_OK)
                return std::unexpected(postgresql_failure(m_connection.get(), nullptr,
                                                          "listening on " + redact_url(m_url)));
        }
        std::unique_ptr<char, decltype(&PQfreemem)> quoted(
            PQescapeIdentifier(m_connection.get(), m_channel.c_str(), m_channel.size()),
            &PQfreemem);
        OwnedResult result(
            PQexec(m_connection.get(), ("LISTEN " + std::string(quoted.get())).c_str()));
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
            return std::unexpected(postgresql_failure(m_connection.get(), result.get(), "LISTEN"));
        m_listening = true;
        return {};
    }

    Result<bool> wait(std::chrono::milliseconds timeout) {
        if (!m_listening || PQstatus(m_connection.get()) != CONNECTION_OK) {
            m_listening = false;
            MEDIC_RETURN_IF_ERROR(listen());
        }
        if (take_notifications())
            return true;
        pollfd socket{PQsocket(m_connection.get()), POLLIN, 0};
        int const ready = ::poll(&socket, 1, static_cast<int>(timeout.count()));
        if (ready < 0)
            return fail(ErrorCode::unavailable, "waiting for notifications failed");
        if (ready == 0)
            return false;
        if (PQconsumeInput(m_connection.get()) == 0) {
            m_listening = false;
            return std::unexpected(
                postgresql_failure(m_connection.get(), nullptr, "reading notifications"));
        }
        return take_notifications();
    }

private:
    bool take_notifications() {
        bool any = false;
        while (PGnotify* notification = PQnotifies(m_connection.get())) {
            PQfreemem(notification);
            any = true;
        }
        return any;
    }

    std::unique_ptr<PGconn, FinishConnection> m_connection;
    std::string m_url;
    std::string m_channel;
    bool m_listening = false;
};

Result<NotificationListener> NotificationListener::open(std::string_view url,
                                                        std::string_view channel) {
    PGconn* raw = connect_with_session_settings(url);
    if (!raw)
        return fail(ErrorCode::unavailable, "connecting to " + redact_url(url) + ": out of memory");
    auto impl = std::make_unique<Impl>(raw, std::string(url), std::string(channel));
    MEDIC_RETURN_IF_ERROR(impl->listen());
    return NotificationListener(std::move(impl));
}

NotificationListener::NotificationListener(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
NotificationListener::NotificationListener(NotificationListener&&) noexcept = default;
NotificationListener& NotificationListener::operator=(NotificationListener&&) noexcept = default;
NotificationListener::~NotificationListener() = default;

Result<bool> NotificationListener::wait(std::chrono::milliseconds timeout) {
    return m_impl->wait(timeout);
}

} // namespace medic::store
