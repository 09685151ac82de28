#include "tests/support/store_backends.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace medic::test {
namespace {

std::string single_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string fresh_database_url() {
    static std::atomic<int> next = 0;
    auto const name = "medic_" + std::to_string(::getpid()) + "_" + std::to_string(next++);
    auto const server = postgresql_server_url();
    run_command("psql -X -q -v ON_ERROR_STOP=1 -d " + single_quoted(server + "postgres") + " -c " +
                single_quoted("CREATE DATABASE " + name));
    return server + name;
}

} // namespace

void PrintTo(StoreBackend backend, std::ostream* out) {
    *out << (backend == StoreBackend::sqlite ? "SQLite" : "PostgreSQL");
}

std::string store_backend_name(const ::testing::TestParamInfo<StoreBackend>& info) {
    return info.param == StoreBackend::sqlite ? "SQLite" : "PostgreSQL";
}

PostgresqlServer postgresql_server() {
    char const* state = std::getenv("MEDIC_TEST_POSTGRESQL");
    if (!state || !*state)
        throw std::runtime_error("MEDIC_TEST_POSTGRESQL is not set: run the suite through CTest, "
                                 "which starts a PostgreSQL server (tests/support/"
                                 "postgresql_server.sh)");
    return postgresql_server(state);
}

PostgresqlServer postgresql_server(const std::string& state) {
    std::ifstream in(state);
    std::string data_directory;
    PostgresqlServer server;
    std::getline(in, data_directory);
    std::getline(in, server.port);
    std::getline(in, server.url);
    std::getline(in, server.certificate);
    std::getline(in, server.password);
    if (!server.url.starts_with("postgresql://") || server.password.empty())
        throw std::runtime_error("no PostgreSQL server is described in " + state);
    return server;
}

std::string postgresql_server_url() {
    return postgresql_server().url;
}

std::string postgresql_server_url(const std::string& state) {
    return postgresql_server(state).url;
}

std::string run_command(const std::string& command) {
    auto const full = command + " 2>&1";
    FILE* pipe = ::popen(full.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run " + command);
    std::string output;
    char buffer[4096];
    while (auto n = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, n);
    if (::pclose(pipe) != 0)
        throw std::runtime_error(command + " failed: " + output);
    return output;
}

StoreLocation::StoreLocation(StoreBackend backend, const TempDir& dir)
    : m_backend(backend),
      m_location(backend == StoreBackend::sqlite ? (dir.path() / "medic.sqlite3").string()
                                                 : fresh_database_url()) {}

std::string StoreLocation::run_sql(std::string_view sql) const {
    if (m_backend == StoreBackend::sqlite)
        return run_command("sqlite3 " + single_quoted(m_location) + " " + single_quoted(sql));
    return run_command("psql -X -q -A -t -v ON_ERROR_STOP=1 -d " + single_quoted(m_location) +
                       " -c " + single_quoted(sql));
}

} // namespace medic::test
