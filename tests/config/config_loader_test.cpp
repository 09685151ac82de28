#include "bot/config/config_loader.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

TEST(ConfigLoader, ReadsBudgetsSequencesAndDetectSettings) {
    auto const config = parse_config(R"(
version: 1
telemetry: { window: 5m, reservoir: 4 }
handlers:
  "shop::Search::handle": { budget_ms: { p99.9: 20 }, error_rate_budget: 0.05 }
sequences:
  checkout: [a, b, c]
detect:
  slow: { alpha: 0.001 }
  trend: { horizon: 2d }
)",
                                     "medic.yml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->telemetry.window_ms, 300'000);
    EXPECT_EQ(config->telemetry.reservoir_size, 4u);
    auto const& search = config->handlers.at("shop::Search::handle");
    EXPECT_DOUBLE_EQ(search.budget->quantile, 0.999);
    EXPECT_DOUBLE_EQ(search.budget->limit_ms, 20);
    EXPECT_DOUBLE_EQ(*search.error_rate_budget, 0.05);
    EXPECT_EQ(config->sequences.at("checkout").size(), 3u);
    EXPECT_DOUBLE_EQ(config->detect.slow.alpha, 0.001);
    EXPECT_EQ(config->detect.trend.horizon_ms, 2 * 86'400'000LL);
    EXPECT_TRUE(config->warnings.empty());
}

TEST(ConfigLoader, EmptyFileMeansDefaults) {
    auto const config = parse_config("", "medic.yml");
    ASSERT_TRUE(config);
    EXPECT_EQ(config->telemetry.window_ms, 600'000);
}

TEST(ConfigLoader, UnknownKeysAreWarningsWithTheirLine) {
    auto const config =
        parse_config("version: 1\nllm_provider: x\ndetect: { slow: { alfa: 1 } }\n", "medic.yml");
    ASSERT_TRUE(config);
    ASSERT_EQ(config->warnings.size(), 2u);
    EXPECT_EQ(config->warnings[0], "unknown key 'llm_provider' (line 2) is ignored");
    EXPECT_NE(config->warnings[1].find("detect.slow.alfa"), std::string::npos);
}

TEST(ConfigLoader, WrongShapesAreClearErrors) {
    auto const bad_window = parse_config("telemetry: { window: soon }", "medic.yml");
    ASSERT_FALSE(bad_window);
    EXPECT_EQ(bad_window.error().code, ErrorCode::invalid_input);
    EXPECT_NE(bad_window.error().message.find("telemetry.window"), std::string::npos);

    auto const bad_budget = parse_config("handlers: { h: { budget_ms: { fast: 3 } } }", "m.yml");
    ASSERT_FALSE(bad_budget);
    EXPECT_NE(bad_budget.error().message.find("is not a quantile"), std::string::npos);

    auto const no_windows = parse_config("telemetry: { max_windows: 0 }", "m.yml");
    ASSERT_FALSE(no_windows);
    EXPECT_NE(no_windows.error().message.find("telemetry.max_windows"), std::string::npos);

    auto const endless = parse_config("telemetry: { window: 1e300d }", "m.yml");
    ASSERT_FALSE(endless);
    EXPECT_NE(endless.error().message.find("telemetry.window"), std::string::npos);

    auto const short_sequence = parse_config("sequences: { s: [a] }", "m.yml");
    ASSERT_FALSE(short_sequence);
    EXPECT_NE(short_sequence.error().message.find("at least two steps"), std::string::npos);

    auto const not_yaml = parse_config("handlers: [unclosed", "m.yml");
    ASSERT_FALSE(not_yaml);
    EXPECT_NE(not_yaml.error().message.find("not valid YAML"), std::string::npos);
}

TEST(ConfigLoader, ReadsTheFixStrategiesAndTheModelEndpoint) {
    auto const config = parse_config(R"(
fix: { strategies: [llm], allowed_paths: [src/common/] }
llm:
  provider: anthropic
  base_url: https://api.anthropic.com/v1
  model: claude-sonnet-4-5
  api_key_env: ANTHROPIC_API_KEY
  timeout: 90s
  backoff: 500ms
  max_tokens_per_run: 50000
  max_attempts: 2
)",
                                     "medic.yml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->fix.strategies, std::vector<Strategy>{Strategy::llm});
    EXPECT_EQ(config->fix.allowed_paths, std::vector<std::string>{"src/common/"});
    EXPECT_EQ(config->llm.provider, "anthropic");
    EXPECT_EQ(config->llm.model, "claude-sonnet-4-5");
    EXPECT_DOUBLE_EQ(config->llm.timeout_s, 90);
    EXPECT_DOUBLE_EQ(config->llm.backoff_s, 0.5);
    EXPECT_DOUBLE_EQ(config->llm.max_backoff_s, 60); // the default stays
    EXPECT_EQ(config->llm.max_tokens_per_run, 50000u);
    EXPECT_EQ(config->llm.max_attempts, 2u);

    auto const bad_provider = parse_config("llm: { provider: gemini }", "m.yml");
    ASSERT_FALSE(bad_provider);
    EXPECT_NE(bad_provider.error().message.find("llm.provider"), std::string::npos);
    auto const bad_strategy = parse_config("fix: { strategies: [magic] }", "m.yml");
    ASSERT_FALSE(bad_strategy);
    EXPECT_NE(bad_strategy.error().message.find("unknown strategy 'magic'"), std::string::npos);
}

TEST(ConfigLoader, ReadsTheHarnessValidationAndPublishing) {
    auto const config = parse_config(R"(
harness: { header: shop_harness.hpp, target: shop_medic_harness }
generate: { tests_dir: test/generated, changelog: NEWS.md }
validate:
  build: "make -C {build} -j{jobs}"
  runs: 15
  min_speedup: 0.2
  timeout: 5m
  memory_limit: 512MiB
  network: true
publish: { mode: none, remote: /srv/git/shop.git }
)",
                                     "medic.yml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_TRUE(config->warnings.empty());
    EXPECT_EQ(config->harness.target, "shop_medic_harness");
    EXPECT_EQ(config->harness.header, "shop_harness.hpp");
    EXPECT_EQ(config->generate.tests_dir, "test/generated");
    EXPECT_EQ(config->generate.docs_dir, "docs/medic"); // the default stays
    EXPECT_EQ(config->generate.changelog, "NEWS.md");
    EXPECT_EQ(config->validate.build, "make -C {build} -j{jobs}");
    EXPECT_NE(config->validate.test.find("ctest"), std::string::npos);
    EXPECT_EQ(config->validate.runs, 15u);
    EXPECT_DOUBLE_EQ(config->validate.min_speedup, 0.2);
    EXPECT_EQ(config->validate.timeout_ms, 5 * 60 * 1000);
    EXPECT_EQ(config->validate.memory_limit_bytes, 512u << 20);
    EXPECT_TRUE(config->validate.network);
    EXPECT_EQ(config->publish.mode, PublishMode::none);
    EXPECT_EQ(config->publish.remote, "/srv/git/shop.git");

    for (auto const& [yaml, complaint] :
         {std::pair{"validate: { runs: 3 }", "validate.runs"},
          {"validate: { memory_limit: lots }", "validate.memory_limit"},
          {"generate: { tests_dir: ../elsewhere }", "generate.tests_dir"},
          {"publish: { mode: carrier-pigeon }", "publish.mode"}}) {
        auto const bad = parse_config(yaml, "m.yml");
        ASSERT_FALSE(bad) << yaml;
        EXPECT_NE(bad.error().message.find(complaint), std::string::npos) << bad.error().message;
    }
}

TEST(ConfigLoader, ReadsTheGitHubPolicyAndCredentials) {
    auto const config = parse_config(R"(
publish:
  mode: github
  labels: [medic, perf]
  check_run: false
  draft_partial: true
  max_open_prs: 3
  max_new_per_hour: 1
  auto_merge: { enabled: true, strategies: [rules, llm], max_diff_lines: 8, label: ok, method: rebase }
github:
  api_url: https://ghe.example.com/api/v3
  repository: acme/shop
  app_id: 4242
  private_key_file: /etc/medic/app.pem
  installation_id: 77
  ca_file: /etc/ssl/corp.pem
)",
                                     "medic.yml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_TRUE(config->warnings.empty());
    auto const& publish = config->publish;
    EXPECT_EQ(publish.mode, PublishMode::github);
    EXPECT_EQ(publish.labels, (std::vector<std::string>{"medic", "perf"}));
    EXPECT_FALSE(publish.check_run);
    EXPECT_TRUE(publish.draft_partial);
    EXPECT_TRUE(publish.reviewers_from_codeowners); // the default stays
    EXPECT_EQ(publish.max_open_prs, 3);
    EXPECT_EQ(publish.max_new_per_hour, 1);
    EXPECT_TRUE(publish.auto_merge.enabled);
    EXPECT_EQ(publish.auto_merge.strategies,
              (std::vector<Strategy>{Strategy::rules, Strategy::llm}));
    EXPECT_EQ(publish.auto_merge.max_diff_lines, 8);
    EXPECT_EQ(publish.auto_merge.label, "ok");
    EXPECT_EQ(publish.auto_merge.method, "rebase");
    auto const& github = config->github;
    EXPECT_EQ(github.api_url, "https://ghe.example.com/api/v3");
    EXPECT_EQ(github.repository, "acme/shop");
    EXPECT_EQ(github.app_id, "4242");
    EXPECT_EQ(github.installation_id, 77);
    EXPECT_EQ(github.token_env, "GITHUB_TOKEN");
    EXPECT_EQ(github.ca_file, "/etc/ssl/corp.pem");

    for (auto const& [yaml, complaint] :
         {std::pair{"publish: { auto_merge: { method: octopus } }", "publish.auto_merge.method"},
          {"publish: { auto_merge: { strategies: [magic] } }", "publish.auto_merge.strategies"},
          {"publish: { max_open_prs: -1 }", "publish.max_open_prs"},
          {"github: { repository: shop }", "github.repository"},
          {"github: { api_url: api.github.com }", "github.api_url"}}) {
        auto const bad = parse_config(yaml, "m.yml");
        ASSERT_FALSE(bad) << yaml;
        EXPECT_NE(bad.error().message.find(complaint), std::string::npos) << bad.error().message;
    }
    auto const typo = parse_config("github: { tokn_env: X }", "m.yml");
    ASSERT_TRUE(typo);
    ASSERT_EQ(typo->warnings.size(), 1U);
    EXPECT_NE(typo->warnings[0].find("github.tokn_env"), std::string::npos) << typo->warnings[0];
}

TEST(ConfigLoader, MissingFileIsNotFound) {
    test::TempDir dir;
    auto const config = load_config(dir.path() / "nope.yml");
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().code, ErrorCode::not_found);
}

TEST(ConfigLoader, ReadsTheShopServiceConfiguration) {
    auto const config =
        load_config(test::source_root() / "fixtures/services/shop/.github/medic.yml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_TRUE(config->warnings.empty());
    EXPECT_GE(config->handlers.size(), 10u);
    EXPECT_EQ(config->sequences.count("checkout"), 1u);
}

} // namespace
} // namespace medic
