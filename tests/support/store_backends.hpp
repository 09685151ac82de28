#pragma once
// The store's two back ends for parameterised tests: a SQLite file in a test's temporary
// directory, or a fresh database on the PostgreSQL server CTest starts for the suites that need
// one (tests/support/postgresql_server.sh; MEDIC_TEST_POSTGRESQL names its state file).

#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <ostream>
#include <string>
#include <string_view>

namespace medic::test {

enum class StoreBackend { sqlite, postgresql };

/// GoogleTest prints a parameter with this: "SQLite" or "PostgreSQL".
void PrintTo(StoreBackend backend, std::ostream* out);

/// Both back ends, for INSTANTIATE_TEST_SUITE_P.
inline auto all_store_backends() {
    return ::testing::Values(StoreBackend::sqlite, StoreBackend::postgresql);
}

/// "SQLite" or "PostgreSQL", for test names.
std::string store_backend_name(const ::testing::TestParamInfo<StoreBackend>& info);

/// Where one test's store lives, the same place each time it is opened.
class StoreLocation {
public:
    /// A file in `dir`, or a database created now (each test its own).
    StoreLocation(StoreBackend backend, const TempDir& dir);

    /// What Store::open_at takes: the file's path or the database's URL.
    [[nodiscard]] const std::string& location() const { return m_location; }
    [[nodiscard]] StoreBackend backend() const { return m_backend; }
    /// Runs `sql` on the database behind the store's back (sqlite3 or psql), as an operator
    /// would, and returns what it printed (rows one per line, columns between |); throws when
    /// it fails.
    std::string run_sql(std::string_view sql) const;

private:
    StoreBackend m_backend;
    std::string m_location;
};

/// What postgresql_server.sh wrote about a server it started.
struct PostgresqlServer {
    std::string port;
    std::string url;         ///< The prefix of its databases' URLs: postgresql://medic@…/
    std::string certificate; ///< Its self-signed certificate (PEM), for sslrootcert.
    std::string password;    ///< The password of its user medic_password.
};
/// The test PostgreSQL server CTest started; throws when there is none.
PostgresqlServer postgresql_server();
/// The server whose state file (postgresql_server.sh start STATE) is `state`.
PostgresqlServer postgresql_server(const std::string& state);
/// The URL prefix of the test PostgreSQL server's databases; throws when there is none.
std::string postgresql_server_url();
/// The same for the server whose state file is `state`.
std::string postgresql_server_url(const std::string& state);
/// Runs a shell command line and returns what it printed (stdout and stderr); throws with that
/// output when it fails.
std::string run_command(const std::string& command);

} // namespace medic::test
