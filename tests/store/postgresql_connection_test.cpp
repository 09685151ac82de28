// Connecting to PostgreSQL as an operator would configure it, against the real server CTest
// starts (tests/support/postgresql_server.sh): a server that is not there, TLS that proves the
// server by its certificate (and refuses one it cannot prove), and a password given in
// PGPASSWORD or a .pgpass file, never in a message.

#include "bot/store/store.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/scoped_environment.hpp"
#include "tests/support/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <sstream>

namespace medic::store {
namespace {

const std::chrono::system_clock::time_point k_opened_at{std::chrono::seconds{1'800'000'000}};

std::string database_name(const std::string& url) {
    return url.substr(url.rfind('/') + 1);
}

/// How many connections to `database` the server sees, and how many of them are encrypted.
std::pair<int, int> connections_and_encrypted(const test::PostgresqlServer& server,
                                              const std::string& database) {
    auto const answer = test::run_command(
        "psql -X -q -A -t -F ' ' -d '" + server.url + "postgres?sslmode=disable' -c \"" +
        "SELECT count(*), count(*) FILTER (WHERE s.ssl) FROM pg_stat_ssl s " +
        "JOIN pg_stat_activity a USING (pid) WHERE a.datname = '" + database + "'\"");
    std::istringstream in(answer);
    std::pair<int, int> counts{-1, -1};
    in >> counts.first >> counts.second;
    return counts;
}

TEST(StoreOnPostgresql, AServerThatIsNotThereIsAClearErrorThatKeepsThePasswordSecret) {
    test::ManualClock clock{k_opened_at};
    // Port 1: nothing listens there.
    auto const store = Store::open_at("postgresql://medic:hunter2-secret@127.0.0.1:1/medic", clock);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::unavailable);
    EXPECT_NE(store.error().message.find("postgresql://medic:***@127.0.0.1:1/medic"),
              std::string::npos)
        << store.error().message;
    EXPECT_EQ(store.error().message.find("hunter2"), std::string::npos) << store.error().message;
}

TEST(StoreOnPostgresql, TlsThatProvesTheServerCarriesEveryConnection) {
    auto const server = test::postgresql_server();
    test::TempDir dir;
    test::StoreLocation const database(test::StoreBackend::postgresql, dir);
    test::ManualClock clock{k_opened_at};
    auto store = Store::open_at(
        database.location() + "?sslmode=verify-full&sslrootcert=" + server.certificate, clock);
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE(store->record_delivery(
        {"tls-1", "ping", "", 1, "acme/shop", R"({"zen":"Keep it logically awesome."})"}, true));
    auto const [connections, encrypted] =
        connections_and_encrypted(server, database_name(database.location()));
    EXPECT_GE(connections, 1);
    EXPECT_EQ(encrypted, connections);
}

TEST(StoreOnPostgresql, AServerTheTrustedCertificateDoesNotProveIsRefused) {
    auto const server = test::postgresql_server();
    test::TempDir dir;
    // Another authority's certificate: the server's is not signed by it.
    auto const other = (dir.path() / "other.crt").string();
    test::run_command("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                      "-days 1 -subj /CN=127.0.0.1 -keyout '" +
                      (dir.path() / "other.key").string() + "' -out '" + other + "'");
    test::ManualClock clock{k_opened_at};
    auto const store =
        Store::open_at(server.url + "postgres?sslmode=verify-full&sslrootcert=" + other, clock);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::unavailable);
    EXPECT_NE(store.error().message.find("certificate"), std::string::npos)
        << store.error().message;
}

TEST(StoreOnPostgresql, APasswordIsTakenFromPgpasswordOrAPassFileAndNeverShown) {
    auto const server = test::postgresql_server();
    test::TempDir dir;
    test::StoreLocation const database(test::StoreBackend::postgresql, dir);
    database.run_sql("ALTER DATABASE " + database_name(database.location()) +
                     " OWNER TO medic_password");
    auto url = database.location();
    url.replace(url.find("medic@"), 6, "medic_password@");
    test::ManualClock clock{k_opened_at};
    // No ~/.pgpass of the machine's may answer for the test.
    test::ScopedEnvironment const no_file("PGPASSFILE", (dir.path() / "absent").string());
    {
        auto const store = Store::open_at(url, clock);
        ASSERT_FALSE(store);
        EXPECT_NE(store.error().message.find("PGPASSWORD"), std::string::npos)
            << store.error().message;
    }
    {
        test::ScopedEnvironment const wrong("PGPASSWORD", "not-the-right-one");
        auto const store = Store::open_at(url, clock);
        ASSERT_FALSE(store);
        EXPECT_NE(store.error().message.find("password authentication failed"), std::string::npos)
            << store.error().message;
        EXPECT_EQ(store.error().message.find("not-the-right-one"), std::string::npos);
    }
    {
        test::ScopedEnvironment const right("PGPASSWORD", server.password);
        auto const store = Store::open_at(url, clock);
        EXPECT_TRUE(store) << store.error().message;
    }
    auto const pass_file = dir.write("pgpass", "127.0.0.1:" + server.port +
                                                   ":*:medic_password:" + server.password + "\n");
    std::filesystem::permissions(pass_file, std::filesystem::perms::owner_read |
                                                std::filesystem::perms::owner_write);
    test::ScopedEnvironment const from_file("PGPASSFILE", pass_file);
    auto const store = Store::open_at(url, clock);
    EXPECT_TRUE(store) << store.error().message;
}

TEST(StoreOnPostgresql, PasswordsAreRedactedFromUrlsAndNothingElseIs) {
    EXPECT_EQ(redact_url("postgresql://medic:pw@db.example:5432/medic?sslmode=require"),
              "postgresql://medic:***@db.example:5432/medic?sslmode=require");
    EXPECT_EQ(redact_url("postgresql://medic@db.example/medic"),
              "postgresql://medic@db.example/medic");
    EXPECT_EQ(redact_url("postgresql://db.example:5432/medic?user=a@b"),
              "postgresql://db.example:5432/medic?user=a@b");
    EXPECT_EQ(redact_url("/var/lib/medic/medic.sqlite3"), "/var/lib/medic/medic.sqlite3");
}

} // namespace
} // namespace medic::store
