// Work on one repository by one process at a time, among every process sharing the store;
// and idle workers woken when another process queues a job.

#include "bot/model/stable_hash.hpp"
#include "bot/store/store_state.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <thread>

namespace medic::store {
namespace {

using namespace std::chrono_literals;

/// The advisory lock key of `repository` (64 bits of FNV-1a).
std::int64_t lock_key(std::string_view repository) {
    return static_cast<std::int64_t>(fnv1a(repository, fnv1a("medic repository lock")));
}

/// PostgreSQL: the session lock taken, or not (another session holds it).
Result<bool> try_advisory_lock(Store::State& state, std::string_view repository) {
    std::lock_guard lock(state.mutex);
    MEDIC_TRY(take, state.database.prepare("SELECT pg_try_advisory_lock(?1)"));
    take->bind(1, lock_key(repository));
    MEDIC_TRY(row, take->step());
    return *row && take->text(0) == "t";
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

Result<void> Store::lock_repository(std::string_view repository) {
    if (m_state->database.dialect() == Dialect::sqlite) {
        MEDIC_TRY(file, lock_file(*m_state, repository));
        std::lock_guard lock(m_state->repository_locks_mutex);
        m_state->repository_lock_files.insert_or_assign(std::string(repository), std::move(*file));
        return {};
    }
    for (;;) {
        MEDIC_TRY(taken, try_advisory_lock(*m_state, repository));
        if (*taken)
            return {};
        std::this_thread::sleep_for(200ms); // another process works on it
    }
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
    MEDIC_TRY(release, m_state->database.prepare("SELECT pg_advisory_unlock(?1)"));
    return release->bind(1, lock_key(repository)).run();
}

} // namespace medic::store
