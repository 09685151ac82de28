// What `medic serve` is told, from real configuration files and an environment the test
// supplies: the file's values, the command line's overrides over them, the secrets taken from
// the variables the file names, each live repository's own configuration read relative to the
// server's file, and a clear error for each setting that cannot work.

#include "bot/serve/serve_settings.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <map>

namespace medic::serve {
namespace {

/// An environment of the given variables only.
EnvironmentLookup environment_of(std::map<std::string, std::string> variables) {
    return [variables = std::move(variables)](const std::string& name) {
        auto const found = variables.find(name);
        return found == variables.end() ? std::nullopt : std::optional(found->second);
    };
}

ServeOverrides from_file(const std::string& file) {
    ServeOverrides overrides;
    overrides.config_file = file;
    return overrides;
}

constexpr std::string_view k_server_file = R"(version: 1
server:
  listen: 0.0.0.0:9000
  state_dir: /var/lib/medic
  workers: 3
  job_lease: 30s
  telemetry_interval: 2m
  repositories:
    acme/shop:
      telemetry_token_env: SHOP_TOKEN
      config: shop/medic.yml
    acme/quiet: {}
)";

constexpr std::string_view k_shop_file = R"(version: 1
handlers:
  "GET /cart":
    budget_ms: {p95: 25}
)";

TEST(ServeSettings, TakeTheFileAndTheSecretsTheFileNames) {
    test::TempDir dir;
    auto const file = dir.write("server.yml", k_server_file);
    std::filesystem::create_directories(dir.path() / "shop");
    (void)dir.write("shop/medic.yml", k_shop_file);
    auto settings = settings_from(
        from_file(file),
        environment_of({{"MEDIC_WEBHOOK_SECRET", "s3cret"}, {"SHOP_TOKEN", "t0ken"}}));
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->listen, "0.0.0.0:9000");
    EXPECT_EQ(settings->state_dir, "/var/lib/medic");
    EXPECT_EQ(settings->role, ServeRole::both);
    EXPECT_EQ(settings->workers, 3);
    EXPECT_EQ(settings->job_lease, std::chrono::seconds(30));
    EXPECT_EQ(settings->telemetry_interval, std::chrono::minutes(2));
    EXPECT_EQ(settings->webhook_secret, "s3cret");
    ASSERT_EQ(settings->telemetry_tokens.size(), 1u); // acme/quiet takes no telemetry
    EXPECT_EQ(settings->telemetry_tokens[0].repository, "acme/shop");
    EXPECT_EQ(settings->telemetry_tokens[0].token, "t0ken");
    ASSERT_EQ(settings->live_repositories.size(), 1u);
    auto const& shop = settings->live_repositories[0];
    EXPECT_EQ(shop.repository, "acme/shop");
    ASSERT_TRUE(shop.config.handlers.contains("GET /cart")); // its own file, found beside ours
    EXPECT_EQ(settings->config.server.repositories.at("acme/shop").config,
              (dir.path() / "shop/medic.yml").string());
    EXPECT_EQ(store_location(*settings), "/var/lib/medic/medic.sqlite3");
}

TEST(ServeSettings, TheCommandLineWinsOverTheFile) {
    test::TempDir dir;
    auto const file = dir.write("server.yml", "version: 1\nserver:\n  workers: 3\n");
    auto overrides = from_file(file);
    overrides.listen = "127.0.0.1:0";
    overrides.state_dir = "/tmp/state";
    overrides.store = "postgresql://medic@db/medic";
    overrides.role = "worker";
    overrides.workers = 8;
    auto settings = settings_from(overrides, environment_of({{"MEDIC_WEBHOOK_SECRET", "x"}}));
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->listen, "127.0.0.1:0");
    EXPECT_EQ(settings->state_dir, "/tmp/state");
    EXPECT_EQ(settings->role, ServeRole::worker);
    EXPECT_EQ(settings->workers, 8);
    EXPECT_EQ(store_location(*settings), "postgresql://medic@db/medic");
}

TEST(ServeSettings, WithoutAFileEveryKeyHasItsDefault) {
    auto settings = settings_from({}, environment_of({{"MEDIC_WEBHOOK_SECRET", "x"}}));
    ASSERT_TRUE(settings) << settings.error().message;
    ServerConfig const defaults;
    EXPECT_EQ(settings->listen, defaults.listen);
    EXPECT_EQ(settings->workers, defaults.workers);
    EXPECT_EQ(settings->job_lease, std::chrono::minutes(5));
    EXPECT_TRUE(settings->telemetry_tokens.empty());
}

TEST(ServeSettings, NoSecretNoServer) {
    auto settings = settings_from({}, environment_of({}));
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find("set MEDIC_WEBHOOK_SECRET"), std::string::npos);
}

TEST(ServeSettings, AnUnsetTokenVariableIsNamed) {
    test::TempDir dir;
    auto const file = dir.write("server.yml", k_server_file);
    std::filesystem::create_directories(dir.path() / "shop");
    (void)dir.write("shop/medic.yml", k_shop_file);
    auto settings =
        settings_from(from_file(file), environment_of({{"MEDIC_WEBHOOK_SECRET", "s3cret"}}));
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find(
                  "server.repositories.acme/shop.telemetry_token_env names SHOP_TOKEN"),
              std::string::npos)
        << settings.error().message;
}

TEST(ServeSettings, ABadRoleOrStoreIsRefusedWithoutShowingAPassword) {
    auto const environment = environment_of({{"MEDIC_WEBHOOK_SECRET", "x"}});
    ServeOverrides bad_role;
    bad_role.role = "leader";
    auto role = settings_from(bad_role, environment);
    ASSERT_FALSE(role);
    EXPECT_NE(role.error().message.find("'leader' is not both, web or worker"), std::string::npos);
    ServeOverrides bad_store;
    bad_store.store = "mysql://medic:hunter2@db/medic";
    auto store = settings_from(bad_store, environment);
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message.find("is not a postgresql:// URL"), std::string::npos);
    EXPECT_EQ(store.error().message.find("hunter2"), std::string::npos);
}

TEST(ServeSettings, ARepositorysOwnConfigurationThatCannotBeReadStopsTheStart) {
    test::TempDir dir;
    auto const file = dir.write("server.yml", k_server_file); // shop/medic.yml not written
    auto settings = settings_from(
        from_file(file), environment_of({{"MEDIC_WEBHOOK_SECRET", "s"}, {"SHOP_TOKEN", "t"}}));
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find("shop/medic.yml"), std::string::npos)
        << settings.error().message;
}

TEST(ServeSettings, ListenAddresses) {
    EXPECT_EQ(parse_listen_address("127.0.0.1:8080").value(),
              std::pair(std::string("127.0.0.1"), 8080));
    EXPECT_EQ(parse_listen_address("[::1]:0").value(), std::pair(std::string("::1"), 0));
    for (auto const bad : {"8080", ":8080", "host:", "host:65536", "host:80x"})
        EXPECT_FALSE(parse_listen_address(bad)) << bad;
}

} // namespace
} // namespace medic::serve
