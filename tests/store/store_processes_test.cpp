// The store across processes, as the server's crashes and several workers exercise it, on both
// back ends: every delivery acknowledged before a SIGKILL is in the store exactly once
// afterwards, and workers in separate processes never take the same job; on PostgreSQL, a
// server restarted mid-run loses nothing acknowledged and its clients connect again.

#include "bot/store/store.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

#include <csignal>
#include <cstdio>
#include <gtest/gtest.h>
#include <optional>
#include <poll.h>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace medic::store {
namespace {

using namespace std::chrono_literals;

const std::chrono::system_clock::time_point k_start{std::chrono::seconds{1'800'000'000}};

IncomingDelivery delivery(const std::string& id) {
    return {id, "repository_dispatch", "", 7, "acme/shop", "{\"n\":\"" + id + "\"}"};
}

/// Runs `body` in a child process that writes lines to the returned pipe end; the child exits
/// when `body` returns.
template <typename Body>
std::pair<pid_t, int> spawn(Body body) {
    int ends[2];
    if (::pipe(ends) != 0)
        throw std::runtime_error("pipe failed");
    pid_t const child = ::fork();
    if (child == 0) {
        ::close(ends[0]);
        body(ends[1]);
        ::_exit(0);
    }
    ::close(ends[1]);
    return {child, ends[0]};
}

void write_line(int fd, const std::string& text) {
    std::string const line = text + "\n";
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        ::_exit(3);
}

/// Waits for `child` to end; its wait status.
int wait_status(pid_t child) {
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

/// Whether a wait status is an exit with status 0.
bool exited_cleanly(int status) {
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/// Reads lines from `fd` until EOF; calls `on_line` with each and the count so far.
template <typename OnLine>
std::vector<std::string> read_lines(int fd, OnLine on_line) {
    std::vector<std::string> lines;
    std::string pending;
    char buffer[4096];
    for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) > 0;) {
        pending.append(buffer, static_cast<std::size_t>(got));
        for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
            lines.push_back(pending.substr(0, end));
            pending.erase(0, end + 1);
            on_line(lines.size());
        }
    }
    ::close(fd);
    return lines;
}

class StoreProcesses : public ::testing::TestWithParam<test::StoreBackend> {
protected:
    test::TempDir dir;
    test::StoreLocation where{GetParam(), dir};
};

/// The writer's lines until it is killed with SIGKILL after the `count`th; fails the test when
/// the writer stopped by itself instead.
std::vector<std::string> read_until_killed(pid_t child, int output, std::size_t count) {
    auto lines = read_lines(output, [child, count](std::size_t seen) {
        if (seen == count)
            ::kill(child, SIGKILL);
    });
    auto const status = wait_status(child);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself: " << status;
    return lines;
}

TEST_P(StoreProcesses, WhatWasAcknowledgedSurvivesSigkillExactlyOnce) {
    auto const file = where.location();
    auto [child, output] = spawn([&](int fd) {
        test::ManualClock clock(k_start);
        auto store = Store::open_at(file, clock);
        if (!store)
            ::_exit(2);
        for (int i = 0;; ++i) {
            auto const id = "d-" + std::to_string(i);
            if (store->record_delivery(delivery(id), true) != DeliveryStatus::queued)
                ::_exit(4);
            write_line(fd, id); // acknowledged only once the commit returned
        }
    });
    auto const acknowledged = read_until_killed(child, output, 150);
    ASSERT_GE(acknowledged.size(), 150u);

    test::ManualClock clock(k_start);
    auto store = Store::open_at(file, clock);
    ASSERT_TRUE(store) << store.error().message;
    for (auto const& id : acknowledged) {
        auto const record = store->delivery(id);
        ASSERT_TRUE(record && *record) << id << " was acknowledged but is not in the store";
        EXPECT_EQ((*record)->duplicates, 0) << id;
        EXPECT_EQ((*record)->job, JobState::queued) << id;
    }
    auto const depth = store->queue_depth();
    ASSERT_TRUE(depth);
    // At most the one delivery whose commit finished after the last line was written is extra.
    EXPECT_GE(depth->queued, static_cast<std::int64_t>(acknowledged.size()));
    EXPECT_LE(depth->queued, static_cast<std::int64_t>(acknowledged.size()) + 1);
}

/// Attempts recorded one after another, pull requests closing between them, by a process
/// killed with SIGKILL mid-stream: every acknowledged attempt is there with its first fate, no
/// attempt is there without one, and every recorded end is its attempt's fate.
TEST_P(StoreProcesses, AttemptsAndTheirFatesAreConsistentAfterSigkill) {
    auto const file = where.location();
    auto [child, output] = spawn([&](int fd) {
        test::ManualClock clock(k_start);
        auto store = Store::open_at(file, clock);
        if (!store)
            ::_exit(2);
        for (std::int64_t number = 1;; ++number) {
            AttemptRecord attempt{0,
                                  "acme/shop",
                                  "a" + std::to_string(number % 7),
                                  "slow",
                                  "h",
                                  "rules/x",
                                  "c" + std::to_string(number),
                                  "published",
                                  2.5,
                                  number,
                                  {},
                                  {}};
            auto const id = store->record_attempt(attempt);
            if (!id)
                ::_exit(4);
            auto const closed = store->record_pull_request_outcome(
                {"acme/shop", number, "medic/x", number % 2 == 0, "", k_start});
            if (!closed)
                ::_exit(5);
            write_line(fd, std::to_string(*id));
        }
    });
    auto const acknowledged = read_until_killed(child, output, 120);

    test::ManualClock clock(k_start);
    auto store = Store::open_at(file, clock);
    ASSERT_TRUE(store) << store.error().message;
    auto const attempts = store->attempt_records();
    ASSERT_TRUE(attempts) << attempts.error().message;
    ASSERT_GE(attempts->size(), acknowledged.size());
    auto const outcomes = store->pull_request_outcomes();
    std::set<std::int64_t> ended;
    for (auto const& outcome : *outcomes)
        ended.insert(outcome.number);
    for (auto const& attempt : *attempts) {
        ASSERT_FALSE(attempt.fates.empty()) << "attempt " << attempt.id << " has no fate";
        EXPECT_EQ(attempt.fates.front().first, "published");
        bool const has_end = attempt.fates.size() == 2;
        EXPECT_EQ(has_end, ended.contains(attempt.pull_request)) << "attempt " << attempt.id;
        if (has_end)
            EXPECT_EQ(attempt.fates.back().first,
                      attempt.pull_request % 2 == 0 ? "merged" : "closed unmerged");
    }
}

TEST_P(StoreProcesses, WorkersInTwoProcessesNeverTakeTheSameJob) {
    auto const file = where.location();
    constexpr int k_jobs = 300;
    {
        test::ManualClock clock(k_start);
        auto store = Store::open_at(file, clock);
        ASSERT_TRUE(store) << store.error().message;
        for (int i = 0; i < k_jobs; ++i)
            ASSERT_TRUE(store->record_delivery(delivery("j-" + std::to_string(i)), true));
    }
    auto const worker = [&](const std::string& name) {
        return [&file, name](int fd) {
            test::ManualClock clock(k_start);
            auto store = Store::open_at(file, clock);
            if (!store)
                ::_exit(2);
            for (;;) {
                auto job = store->take_job(name);
                if (!job)
                    ::_exit(5);
                if (!*job)
                    return;
                if (!store->finish_job((*job)->id, name, true, name))
                    ::_exit(6);
                write_line(fd, (*job)->delivery_id);
            }
        };
    };
    auto [first, first_output] = spawn(worker("w1"));
    auto [second, second_output] = spawn(worker("w2"));
    auto const first_jobs = read_lines(first_output, [](std::size_t) {});
    auto const second_jobs = read_lines(second_output, [](std::size_t) {});
    for (pid_t child : {first, second}) {
        auto const status = wait_status(child);
        ASSERT_TRUE(exited_cleanly(status)) << "worker status " << status;
    }
    std::set<std::string> taken(first_jobs.begin(), first_jobs.end());
    for (auto const& id : second_jobs)
        EXPECT_TRUE(taken.insert(id).second) << id << " was taken by both workers";
    EXPECT_EQ(taken.size(), static_cast<std::size_t>(k_jobs));
    test::ManualClock clock(k_start);
    auto store = Store::open_at(file, clock);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->queue_depth()->queued, 0);
}

/// A repository held by one process is not taken by another until it is let go; another
/// repository is not held up by it.
TEST_P(StoreProcesses, ARepositoryIsWorkedOnByOneProcessAtATime) {
    auto const file = where.location();
    {
        test::ManualClock clock(k_start);
        ASSERT_TRUE(Store::open_at(file, clock)); // migrated before the child races the parent
    }
    auto [child, output] = spawn([&](int fd) {
        test::ManualClock clock(k_start);
        auto store = Store::open_at(file, clock);
        if (!store || !store->lock_repository("acme/shop"))
            ::_exit(2);
        write_line(fd, "held");
        std::this_thread::sleep_for(300ms); // long enough for the parent to try
        write_line(fd, "letting go");       // written before the lock is let go
        if (!store->unlock_repository("acme/shop"))
            ::_exit(3);
        std::this_thread::sleep_for(1s); // alive: letting go must not need the process to end
    });
    test::ManualClock clock(k_start);
    auto store = Store::open_at(file, clock);
    ASSERT_TRUE(store) << store.error().message;
    char held[5];
    ASSERT_EQ(::read(output, held, sizeof held), 5); // "held\n": the child holds it now
    auto const tried = store->try_lock_repository("acme/shop");
    ASSERT_TRUE(tried) << tried.error().message;
    EXPECT_FALSE(*tried) << "taken while the other process held it";
    ASSERT_TRUE(store->lock_repository("acme/ledger")); // another repository: not held up
    ASSERT_TRUE(store->lock_repository("acme/shop"));
    // Taken only after the child let go, so its last line is already in the pipe.
    pollfd pipe{output, POLLIN, 0};
    EXPECT_EQ(::poll(&pipe, 1, 0), 1) << "the repository was taken while the other process held it";
    ASSERT_TRUE(store->unlock_repository("acme/shop"));
    ASSERT_TRUE(store->unlock_repository("acme/ledger"));
    auto const rest = read_lines(output, [](std::size_t) {});
    EXPECT_EQ(rest, std::vector<std::string>{"letting go"});
    auto const status = wait_status(child);
    EXPECT_TRUE(exited_cleanly(status)) << status;
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreProcesses, test::all_store_backends(),
                         test::store_backend_name);

/// A worker waiting on one store is woken when another process queues a job, at once; with
/// nothing queued it waits out its time.
TEST(StoreOnPostgresql, AnIdleWorkerIsWokenWhenAnotherProcessQueuesAJob) {
    test::TempDir dir;
    test::StoreLocation where(test::StoreBackend::postgresql, dir);
    test::ManualClock clock(k_start);
    auto worker = Store::open_at(where.location(), clock);
    ASSERT_TRUE(worker) << worker.error().message;
    auto const idle = worker->wait_for_work(200ms);
    ASSERT_TRUE(idle) << idle.error().message;
    EXPECT_FALSE(*idle);
    auto [child, output] = spawn([&](int) {
        test::ManualClock child_clock(k_start);
        auto web = Store::open_at(where.location(), child_clock);
        std::this_thread::sleep_for(300ms);
        if (!web || !web->record_delivery(delivery("wake-1"), true))
            ::_exit(2);
    });
    auto const woken = worker->wait_for_work(60s); // false only when the time ran out
    ASSERT_TRUE(woken) << woken.error().message;
    EXPECT_TRUE(*woken) << "the wait ran out: no job was announced";
    read_lines(output, [](std::size_t) {});
    auto const status = wait_status(child);
    EXPECT_TRUE(exited_cleanly(status)) << status;
    auto const job = worker->take_job("w1");
    ASSERT_TRUE(job && *job);
    EXPECT_EQ((*job)->delivery_id, "wake-1");
}

/// A PostgreSQL server of the test's own (restarting the shared one would cut other tests off).
class OwnPostgresqlServer {
public:
    explicit OwnPostgresqlServer(const test::TempDir& dir)
        : m_state((dir.path() / "postgresql-state").string()) {
        script("start");
        m_url = test::postgresql_server_url(m_state);
        test::run_command("psql -X -q -d '" + m_url + "postgres' -c 'CREATE DATABASE medic'");
    }
    ~OwnPostgresqlServer() { script("stop"); }
    OwnPostgresqlServer(const OwnPostgresqlServer&) = delete;
    OwnPostgresqlServer& operator=(const OwnPostgresqlServer&) = delete;

    [[nodiscard]] std::string database_url() const { return m_url + "medic"; }
    void restart() const { script("restart"); }

private:
    void script(const std::string& command) const {
        test::run_command((test::source_root() / "tests/support/postgresql_server.sh").string() +
                          " " + command + " '" + m_state + "'");
    }
    std::string m_state;
    std::string m_url;
};

/// A writer records deliveries while the server is restarted (connections cut, the server
/// away for a moment): it retries what failed, as GitHub's redelivery would, and everything it
/// was told was recorded is there exactly once, with what it wrote after the restart.
TEST(StoreOnPostgresql, ARestartedServerLosesNothingAcknowledgedAndClientsConnectAgain) {
    test::TempDir dir;
    OwnPostgresqlServer server(dir);
    auto const url = server.database_url();
    constexpr int k_deliveries = 400;
    auto [child, output] = spawn([&](int fd) {
        test::ManualClock clock(k_start);
        auto store = Store::open_at(url, clock);
        if (!store)
            ::_exit(2);
        for (int i = 0; i < k_deliveries;) {
            auto const id = "r-" + std::to_string(i);
            auto const recorded = store->record_delivery(delivery(id), true);
            if (!recorded) {
                if (recorded.error().code != ErrorCode::unavailable)
                    ::_exit(4);
                write_line(fd, "unavailable");
                std::this_thread::sleep_for(20ms);
                continue;
            }
            write_line(fd, id + " " + std::string(to_string(*recorded)));
            ++i;
        }
    });
    bool restarted = false;
    auto const lines = read_lines(output, [&](std::size_t seen) {
        if (seen == 100 && !restarted) {
            restarted = true;
            server.restart();
        }
    });
    auto const status = wait_status(child);
    ASSERT_TRUE(exited_cleanly(status)) << "writer status " << status;
    int unavailable = 0;
    std::set<std::string> acknowledged;
    for (auto const& line : lines) {
        if (line == "unavailable") {
            ++unavailable;
            continue;
        }
        auto const space = line.find(' ');
        acknowledged.insert(line.substr(0, space));
        // A retry of a delivery whose commit reached the server before the cut is a duplicate.
        EXPECT_TRUE(line.ends_with(" queued") || line.ends_with(" duplicate")) << line;
    }
    EXPECT_GT(unavailable, 0) << "the restart was not noticed: the test proves nothing";
    EXPECT_EQ(acknowledged.size(), static_cast<std::size_t>(k_deliveries));

    test::ManualClock clock(k_start);
    auto store = Store::open_at(url, clock);
    ASSERT_TRUE(store) << store.error().message;
    for (auto const& id : acknowledged) {
        auto const record = store->delivery(id);
        ASSERT_TRUE(record && *record) << id << " was acknowledged but is not in the store";
        EXPECT_EQ((*record)->job, JobState::queued) << id;
    }
    EXPECT_EQ(store->queue_depth()->queued, k_deliveries);
}

/// `call` again while the store answers unavailable (the first statement after a restart of the
/// server finds its connection cut; the next one connects again), for up to 10 s.
template <typename Call>
auto once_available(Call call) {
    auto result = call();
    for (int i = 0; i < 100 && !result && result.error().code == ErrorCode::unavailable; ++i) {
        std::this_thread::sleep_for(100ms);
        result = call();
    }
    return result;
}

/// The hold of a repository outlives a restart of the database server and its holder's lost
/// connection: nobody else takes the repository until its holder lets go or its lease runs
/// out (and the holder learns that when it renews); a holder that died on this machine is let
/// go at once.
TEST(StoreOnPostgresql, AHeldRepositoryOutlivesARestartOfTheServerUntilItsLeaseRunsOut) {
    test::TempDir dir;
    OwnPostgresqlServer server(dir);
    auto const url = server.database_url();
    test::ManualClock holder_clock(k_start);
    test::ManualClock other_clock(k_start);
    auto opened = Store::open_at(url, holder_clock, {60s, 3});
    auto other = Store::open_at(url, other_clock, {60s, 3});
    ASSERT_TRUE(opened && other);
    std::optional<Store> holder(std::move(*opened));
    ASSERT_TRUE(holder->lock_repository("acme/shop"));
    ASSERT_TRUE(holder->lock_repository("acme/ledger"));
    auto const other_takes = [&](std::string_view repository) {
        auto const taken = once_available([&] { return other->try_lock_repository(repository); });
        if (!taken)
            throw std::runtime_error(taken.error().message);
        return *taken;
    };
    EXPECT_FALSE(other_takes("acme/shop"));

    server.restart();
    EXPECT_FALSE(other_takes("acme/shop")) << "taken while its holder is still working";
    holder_clock.set(k_start + 50s);
    auto const renewed = once_available([&] { return holder->renew_repository("acme/shop"); });
    ASSERT_TRUE(renewed) << renewed.error().message; // held until +110 s now
    // acme/ledger was not renewed: the other process takes it once its lease has run out by
    // its clock, and its old holder learns that when it renews.
    EXPECT_FALSE(other_takes("acme/ledger"));
    other_clock.set(k_start + 61s);
    EXPECT_TRUE(other_takes("acme/ledger"));
    EXPECT_FALSE(other_takes("acme/shop"));
    auto const lost = holder->renew_repository("acme/ledger");
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().code, ErrorCode::conflict) << lost.error().message;
    // The holder's connection closes, its process lives on: the hold stands.
    holder.reset();
    EXPECT_FALSE(other_takes("acme/shop"));

    // A holder that died on this machine without letting go, with its lease still running.
    auto [child, output] = spawn([&](int fd) {
        test::ManualClock child_clock(k_start + 100s);
        auto store = Store::open_at(url, child_clock, {60s, 3});
        if (!store || !store->lock_repository("acme/depot"))
            ::_exit(2);
        write_line(fd, "held");
        ::_exit(0); // gone, the hold left behind
    });
    EXPECT_EQ(read_lines(output, [](std::size_t) {}), std::vector<std::string>{"held"});
    auto const status = wait_status(child);
    ASSERT_TRUE(exited_cleanly(status)) << status;
    EXPECT_TRUE(other_takes("acme/depot")) << "a dead holder of this machine kept its hold";
}

} // namespace
} // namespace medic::store
