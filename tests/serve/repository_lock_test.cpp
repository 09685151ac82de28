// RepositoryLock on a real PostgreSQL store: while held, the store's hold of the repository is
// renewed (so that it outlives a restart of the database server, tests/store), unlocking lets
// go of it, and a hold lost to another process is told, so that the run publishes nothing more.

#include "bot/serve/repository_lock.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace medic::serve {
namespace {

using namespace std::chrono_literals;

const std::chrono::system_clock::time_point k_held_from{std::chrono::seconds{1'800'000'000}};

std::string unix_ms_line(std::chrono::system_clock::time_point at) {
    return std::to_string(
               std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch())
                   .count()) +
           "\n";
}

TEST(RepositoryLock, RenewsTheStoresHoldWhileHeldAndLetsGoOfIt) {
    test::TempDir dir;
    test::StoreLocation const where(test::StoreBackend::postgresql, dir);
    test::ManualClock clock{k_held_from};
    auto store = store::Store::open_at(where.location(), clock, {3s, 3}); // renewed every second
    ASSERT_TRUE(store) << store.error().message;
    auto const expiry = [&] {
        return where.run_sql("SELECT expires_ms FROM repository_holds WHERE repository = "
                             "'acme/shop'");
    };
    RepositoryLock lock(*store, "acme/shop", [](std::string_view line) { ADD_FAILURE() << line; });
    lock.lock();
    EXPECT_EQ(expiry(), unix_ms_line(k_held_from + 3s));
    clock.set(k_held_from + 100s);
    auto const renewed = unix_ms_line(k_held_from + 103s);
    for (int i = 0; i < 50 && expiry() != renewed; ++i)
        std::this_thread::sleep_for(100ms);
    EXPECT_EQ(expiry(), renewed) << "not renewed within 5 s, with a lease of 3 s";
    lock.unlock();
    EXPECT_EQ(expiry(), "");
}

TEST(RepositoryLock, SaysSoOnceItsHoldWasLostSoThatNothingMoreIsPublished) {
    test::TempDir dir;
    test::StoreLocation const where(test::StoreBackend::postgresql, dir);
    test::ManualClock clock{k_held_from};
    test::ManualClock later{k_held_from + 10s};
    auto store = store::Store::open_at(where.location(), clock, {3s, 3});
    auto other = store::Store::open_at(where.location(), later, {3s, 3});
    ASSERT_TRUE(store && other);
    std::mutex logged_mutex;
    std::vector<std::string> logged;
    RepositoryLock lock(*store, "acme/shop", [&](std::string_view line) {
        std::lock_guard const guard(logged_mutex);
        logged.emplace_back(line);
    });
    lock.lock();
    EXPECT_TRUE(lock.still_held());
    // By the other process's clock the hold's lease ran out: it takes the repository.
    ASSERT_TRUE(*other->try_lock_repository("acme/shop"));
    for (int i = 0; i < 50 && lock.still_held(); ++i)
        std::this_thread::sleep_for(100ms); // the renewer's next round finds it lost
    auto const held = lock.still_held();
    ASSERT_FALSE(held) << "the lost hold went unnoticed for 5 s, with a lease of 3 s";
    EXPECT_NE(held.error().message.find("lost its hold of acme/shop"), std::string::npos);
    lock.unlock(); // lets go of nothing that is the other's
    EXPECT_TRUE(other->renew_repository("acme/shop"));
    std::lock_guard const guard(logged_mutex);
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_NE(logged.front().find("was lost"), std::string::npos) << logged.front();
}

TEST(RepositoryLock, SaysSoWhenItCouldNotRenewForAWholeLease) {
    test::TempDir dir;
    test::StoreLocation const where(test::StoreBackend::postgresql, dir);
    test::ManualClock clock{k_held_from};
    auto store = store::Store::open_at(where.location(), clock, {3s, 3});
    ASSERT_TRUE(store) << store.error().message;
    auto const name = where.location().substr(where.location().rfind('/') + 1);
    auto const server = test::postgresql_server();
    auto const as_operator = [&](const std::string& sql) {
        test::run_command("psql -X -q -d '" + server.url + "postgres' -c \"" + sql + "\"");
    };
    RepositoryLock lock(*store, "acme/shop", [](std::string_view) {});
    lock.lock();
    // The store out of reach: its database refuses connections, and the one it had is cut.
    as_operator("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
    as_operator("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
                "'");
    for (int i = 0; i < 50 && lock.still_held(); ++i)
        std::this_thread::sleep_for(100ms);
    auto const held = lock.still_held();
    as_operator("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
    ASSERT_FALSE(held) << "still held after 5 s without a renewal, with a lease of 3 s";
    EXPECT_NE(held.error().message.find("was not renewed for a whole lease"), std::string::npos)
        << held.error().message;
    lock.unlock(); // the store is back: the hold is let go
    EXPECT_EQ(where.run_sql("SELECT count(*) FROM repository_holds"), "0\n");
}

} // namespace
} // namespace medic::serve
