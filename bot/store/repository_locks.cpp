// Work on one repository by one process at a time, among every process sharing the store;
// and idle workers woken when another process queues a job.

#include "bot/model/stable_hash.hpp"
#include "bot/store/store_state.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace medic::store {
namespace {

using namespace std::chrono_literals;

/// The advisory lock key of `repository` (64 bits of FNV-1a).
std::int64_t lock_key(std::string_view repository) {
    return static_cast<std::int64_t>(fnv1a(repository, fnv1a("medic repository lock")));
}

/// PostgreSQL: the session lock taken, or not (another session holds it). Under state.mutex.
Result<bool> try_advisory_lock(Store::State& state, std::string_view repository) {
    MEDIC_TRY(take, state.database.prepare("SELECT pg_try_advisory_lock(?1)"));
    take->bind(1, lock_key(repository));
    MEDIC_TRY(row, take->step());
    return *row && take->text(0) == "t";
}

Result<void> advisory_unlock(Store::State& state, std::string_view repository) {
    MEDIC_TRY(release, state.database.prepare("SELECT pg_advisory_unlock(?1)"));
    return release->bind(1, lock_key(repository)).run();
}

/// The hold row of `repository` as it is, and the database server's start time now.
struct HoldRow {
    std::optional<std::string> holder;
    std::string server_started;
    std::int64_t expires_ms = 0;
    std::string server_started_now;
};

Result<HoldRow> read_hold(Store::State& state, std::string_view repository) {
    MEDIC_TRY(read, state.database.prepare(
                        "SELECT h.holder, h.server_started, h.expires_ms, "
                        "CAST(pg_postmaster_start_time() AS TEXT) FROM (SELECT 1) AS one "
                        "LEFT JOIN repository_holds h ON h.repository = ?1"));
    read->bind(1, repository);
    MEDIC_TRY(row, read->step());
    if (!*row)
        return fail(ErrorCode::internal, "no answer about the hold of " + std::string(repository));
    HoldRow hold;
    if (!read->is_null(0))
        hold.holder = read->text(0);
    hold.server_started = read->text(1);
    hold.expires_ms = read->integer(2);
    hold.server_started_now = read->text(3);
    return hold;
}

/// Whether the hold row lets this process take the repository, once it has the advisory lock:
/// no row, its own, a lease run out, or a holder whose session ended since the server started
/// (it let go, or died: the advisory lock would be held otherwise). A holder that renewed only
/// before a restart of the server may still be working, and reconnecting: it keeps the
/// repository until its lease runs out.
bool hold_is_free(const HoldRow& hold, std::string_view holder, std::int64_t now_ms) {
    return !hold.holder || *hold.holder == holder || hold.expires_ms <= now_ms ||
           hold.server_started == hold.server_started_now;
}

Result<void> write_hold(Store::State& state, std::string_view repository) {
    MEDIC_TRY(write, state.database.prepare(
                         "INSERT INTO repository_holds (repository, holder, server_started, "
                         "expires_ms) VALUES (?1, ?2, CAST(pg_postmaster_start_time() AS TEXT), "
                         "?3 + ?4) ON CONFLICT (repository) DO UPDATE SET holder = "
                         "excluded.holder, server_started = excluded.server_started, "
                         "expires_ms = excluded.expires_ms"));
    return write->bind(1, repository)
        .bind(2, state.holder)
        .bind(3, state.now_ms())
        .bind(4, state.lease_ms())
        .run();
}

/// PostgreSQL: the advisory lock and then the hold row, or neither. Under state.mutex.
Result<bool> try_hold(Store::State& state, std::string_view repository) {
    MEDIC_TRY(locked, try_advisory_lock(state, repository));
    if (!*locked)
        return false;
    auto const taken_in = state.database.interruptions();
    auto hold = read_hold(state, repository);
    bool const free = hold && hold_is_free(*hold, state.holder, state.now_ms());
    auto written = free ? write_hold(state, repository) : Result<void>();
    if (!hold || !written || !free) {
        if (state.database.interruptions() == taken_in) // else the session and its lock are gone
            MEDIC_RETURN_IF_ERROR(advisory_unlock(state, repository));
        if (!hold)
            return std::unexpected(hold.error());
        if (!written)
            return std::unexpected(written.error());
        return false;
    }
    std::lock_guard held(state.repository_locks_mutex);
    state.repository_holds.insert_or_assign(std::string(repository), taken_in);
    return true;
}

Error hold_lost(std::string_view repository) {
    return {ErrorCode::conflict,
            "the hold of " + std::string(repository) +
                " was lost: its lease ran out while the database could not be reached, and "
                "another process took the repository"};
}

/// SQLite: `<database>.locks/<key>`, locked with flock (released when its descriptor closes,
/// also when the process dies).
Result<FileDescriptor> lock_file(const Store::State& state, std::string_view repository) {
    auto const dir = std::filesystem::path(state.location + ".locks");
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    char name[32];
    std::snprintf(name, sizeof name, "%016llx",
                  static_cast<unsigned long long>(lock_key(repository)));
    FileDescriptor file(::open((dir / name).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!file)
        return fail(ErrorCode::unavailable, "cannot open the lock file " + (dir / name).string());
    while (::flock(file.get(), LOCK_EX) != 0)
        if (errno != EINTR)
            return fail(ErrorCode::unavailable,
                        "cannot lock " + (dir / name).string() + ": " + std::strerror(errno));
    return file;
}

} // namespace

Result<void> announce_job(Database& database) {
    if (database.dialect() != Dialect::postgresql)
        return {};
    return database.execute("SELECT pg_notify('" + std::string(k_jobs_channel) + "', '')");
}

Result<bool> Store::wait_for_work(std::chrono::milliseconds timeout) {
    if (m_state->database.dialect() != Dialect::postgresql) {
        std::this_thread::sleep_for(timeout);
        return false;
    }
    std::lock_guard lock(m_state->listener_mutex);
    if (!m_state->listener) {
        MEDIC_TRY(listener, NotificationListener::open(m_state->location, k_jobs_channel));
        m_state->listener.emplace(std::move(*listener));
    }
    return m_state->listener->wait(timeout);
}

std::string holder_name() {
    char host[256] = "medic";
    ::gethostname(host, sizeof host - 1);
    std::random_device random;
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", random());
    return std::string(host) + ":" + std::to_string(::getpid()) + ":" + suffix;
}

Result<bool> Store::try_lock_repository(std::string_view repository) {
    if (m_state->database.dialect() == Dialect::sqlite) {
        MEDIC_TRY(file, lock_file(*m_state, repository));
        std::lock_guard lock(m_state->repository_locks_mutex);
        m_state->repository_lock_files.insert_or_assign(std::string(repository), std::move(*file));
        return true;
    }
    std::lock_guard lock(m_state->mutex);
    return try_hold(*m_state, repository);
}

Result<void> Store::lock_repository(std::string_view repository) {
    for (;;) {
        MEDIC_TRY(taken, try_lock_repository(repository));
        if (*taken)
            return {};
        std::this_thread::sleep_for(200ms); // another process works on it
    }
}

Result<void> Store::renew_repository(std::string_view repository) {
    if (m_state->database.dialect() == Dialect::sqlite)
        return {};
    std::lock_guard lock(m_state->mutex);
    std::uint64_t taken_in = 0;
    {
        std::lock_guard held(m_state->repository_locks_mutex);
        auto const hold = m_state->repository_holds.find(repository);
        if (hold == m_state->repository_holds.end())
            return fail(ErrorCode::invalid_input,
                        "renewing the hold of " + std::string(repository) + ", never taken");
        taken_in = hold->second;
    }
    // A statement first: a connection lost since is made again, and the count tells.
    MEDIC_TRY(hold, read_hold(*m_state, repository));
    if (hold->holder && *hold->holder != m_state->holder)
        return std::unexpected(hold_lost(repository));
    auto const session = m_state->database.interruptions();
    if (session != taken_in) { // a new session: the advisory lock went with the old one
        MEDIC_TRY(locked, try_advisory_lock(*m_state, repository));
        if (!*locked) // another process looking: it finds the row still this one's, and lets go
            return fail(ErrorCode::unavailable,
                        "the lock of " + std::string(repository) +
                            " is not taken again yet after the database's restart; "
                            "the hold stands, renew again");
        std::lock_guard held(m_state->repository_locks_mutex);
        m_state->repository_holds.insert_or_assign(std::string(repository), session);
    }
    return write_hold(*m_state, repository);
}

Result<void> Store::unlock_repository(std::string_view repository) {
    if (m_state->database.dialect() == Dialect::sqlite) {
        std::lock_guard lock(m_state->repository_locks_mutex);
        if (auto held = m_state->repository_lock_files.find(repository);
            held != m_state->repository_lock_files.end())
            m_state->repository_lock_files.erase(held); // closing the file releases its lock
        return {};
    }
    std::lock_guard lock(m_state->mutex);
    {
        std::lock_guard held(m_state->repository_locks_mutex);
        m_state->repository_holds.erase(std::string(repository));
    }
    auto deleted = m_state->database.prepare(
        "DELETE FROM repository_holds WHERE repository = ?1 AND holder = ?2");
    auto const forgotten = deleted ? deleted->bind(1, repository).bind(2, m_state->holder).run()
                                   : Result<void>(std::unexpected(deleted.error()));
    // After a new session that never took it again, the server says it was not held: harmless.
    auto const unlocked = advisory_unlock(*m_state, repository);
    return forgotten ? unlocked : forgotten;
}

std::chrono::seconds Store::lease() const {
    return m_state->policy.lease;
}

} // namespace medic::store
