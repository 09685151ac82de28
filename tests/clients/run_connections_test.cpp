// What a command opens around a run (bot/clients/run_connections): the learning records in a
// real SQLite file under the state directory (created), none without one, and the repository
// name they are kept under.

#include "bot/clients/run_connections.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::clients {
namespace {

TEST(RunConnections, TheLearningRecordsLiveInTheStateDirectoryWhenOneIsGiven) {
    test::TempDir dir;
    auto const none = open_local_learning("", "acme/shop");
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_FALSE(none->store);

    auto const state = dir.path() / "state" / "medic";
    auto const opened = open_local_learning(state, "acme/shop");
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(opened->store);
    EXPECT_EQ(opened->repository, "acme/shop");
    EXPECT_TRUE(std::filesystem::exists(state / "medic.sqlite3"));
}

TEST(RunConnections, AStateDirectoryThatCannotBeMadeIsNamed) {
    test::TempDir dir;
    auto const file = dir.write("not-a-folder", "x");
    auto const refused = open_local_learning(std::filesystem::path(file) / "state", "r");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("cannot create --state-dir"), std::string::npos)
        << refused.error().message;
}

TEST(RunConnections, RecordsAreKeptUnderTheConfiguredRepositoryElseTheCheckoutsPath) {
    test::TempDir dir;
    MedicConfig config;
    auto const checkout = dir.path() / "shop";
    std::filesystem::create_directories(checkout);
    EXPECT_EQ(learning_repository(checkout / ".." / "shop", config, nullptr),
              std::filesystem::canonical(checkout).string());
    config.github.repository = "acme/shop";
    EXPECT_EQ(learning_repository(checkout, config, nullptr), "acme/shop");
}

} // namespace
} // namespace medic::clients
