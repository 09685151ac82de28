// Work on one repository by one process at a time, among every process sharing the store;
// and idle workers woken when another process queues a job.

#include "bot/model/machine_name.hpp"
#include "bot/model/stable_hash.hpp"
#include "bot/store/store_state.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace medic::store {
namespace {

using namespace std::chrono_literals;

/// The lock file's name of `repository` (64 bits of FNV-1a).
std::int64_t lock_key(std::string_view repository) {
    return static_cast<std::int64_t>(fnv1a(repository, fnv1a("medic repository lock")));
}

/// Whether `holder` ("<machine>:<pid>-<random>", holder_name) is a process of this machine that
/// is gone: its hold need not wait for its lease. Other machines' holders, and names of another
/// form, are left to their leases.
bool holder_died_here(std::string_view holder) {
    auto const pid = pid_on_machine(holder, machine_name());
    return pid && ::kill(static_cast<pid_t>(*pid), 0) != 0 && errno == ESRCH;
}

/// PostgreSQL: the hold row of `repository` written for this Store, in one statement, when
/// there is none, it is this Store's, its lease ran out, or its holder died on this machine.
/// Under state.mutex.
Result<bool> try_hold(Store::State& state, std::string_view repository) {
    MEDIC_TRY(read,
              state.database.prepare("SELECT holder FROM repository_holds WHERE repository = ?1"));
    read->bind(1, repository);
    MEDIC_TRY(found, read->step());
    auto const dead = *found && holder_died_here(read->text(0)) ? read->text(0) : std::string();
    MEDIC_TRY(take, state.database.prepare(
                        "INSERT INTO repository_holds (repository, holder, expires_ms) VALUES "
                        "(?1, ?2, ?3 + ?4) ON CONFLICT (repository) DO UPDATE SET holder = "
                        "excluded.holder, expires_ms = excluded.expires_ms WHERE "
                        "repository_holds.holder = excluded.holder OR "
                        "repository_holds.expires_ms <= ?3 OR repository_holds.holder = ?5 "
                        "RETURNING holder"));
    take->bind(1, repository)
        .bind(2, state.holder)
        .bind(3, state.now_ms())
        .bind(4, state.lease_ms())
        .bind(5, dead);
    MEDIC_TRY(taken, take->step());
    if (!*taken)
        return false;
    MEDIC_RETURN_IF_ERROR(take->run());
    return true;
}

Error hold_lost(std::string_view repository) {
    return {ErrorCode::conflict,
            "the hold of " + std::string(repository) +
                " was lost: its lease ran out (the database could not be reached to renew it), "
                "and another process may have taken the repository"};
}

/// SQLite: `<database>.locks/<key>`, locked with flock (released when its descriptor closes,
/// also when the process dies).
/// With `wait` false, an empty descriptor when another process holds it.
Result<FileDescriptor> lock_file(const Store::State& state, std::string_view repository,
                                 bool wait) {
    auto const dir = std::filesystem::path(state.location + ".locks");
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    char name[32];
    std::snprintf(name, sizeof name, "%016llx",
                  static_cast<unsigned long long>(lock_key(repository)));
    FileDescriptor file(::open((dir / name).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!file)
        return fail(ErrorCode::unavailable, "cannot open the lock file " + (dir / name).string());
    while (::flock(file.get(), wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0)
        if (errno == EWOULDBLOCK)
            return FileDescriptor();
        else if (errno != EINTR)
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
    if (!announces_jobs()) {
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
    std::random_device random;
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", random());
    return machine_name() + ":" + std::to_string(::getpid()) + "-" + suffix;
}

Result<bool> Store::try_lock_repository(std::string_view repository) {
    if (m_state->database.dialect() == Dialect::sqlite) {
        MEDIC_TRY(file, lock_file(*m_state, repository, false));
        if (!*file)
            return false;
        std::lock_guard lock(m_state->repository_locks_mutex);
        m_state->repository_lock_files.insert_or_assign(std::string(repository), std::move(*file));
        return true;
    }
    std::lock_guard lock(m_state->mutex);
    return try_hold(*m_state, repository);
}

Result<void> Store::lock_repository(std::string_view repository) {
    if (m_state->database.dialect() == Dialect::sqlite) {
        MEDIC_TRY(file, lock_file(*m_state, repository, true));
        std::lock_guard lock(m_state->repository_locks_mutex);
        m_state->repository_lock_files.insert_or_assign(std::string(repository), std::move(*file));
        return {};
    }
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
    MEDIC_TRY(renew, m_state->database.prepare(
                         "UPDATE repository_holds SET expires_ms = ?1 + ?2 WHERE repository = ?3 "
                         "AND holder = ?4 RETURNING holder"));
    renew->bind(1, m_state->now_ms())
        .bind(2, m_state->lease_ms())
        .bind(3, repository)
        .bind(4, m_state->holder);
    MEDIC_TRY(renewed, renew->step());
    if (!*renewed)
        return std::unexpected(hold_lost(repository));
    return renew->run();
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
    MEDIC_TRY(release, m_state->database.prepare(
                           "DELETE FROM repository_holds WHERE repository = ?1 AND holder = ?2"));
    return release->bind(1, repository).bind(2, m_state->holder).run();
}

std::chrono::seconds Store::lease() const {
    return m_state->policy.lease;
}

std::chrono::milliseconds Store::renewal_interval() const {
    return std::min<std::chrono::milliseconds>(lease() / 3, std::chrono::minutes(1));
}

bool Store::announces_jobs() const {
    return m_state->database.dialect() == Dialect::postgresql;
}

} // namespace medic::store
