#pragma once
// Internal to bot/config: the key table of every fixed section of medic.yml, in the order the
// loader reads them. Sections whose keys the user names (handlers, sequences) are read by hand.

#include "bot/config/key_table.hpp"
#include "bot/model/config.hpp"

#include <span>

namespace medic::config_detail {

std::span<const KeySpec<TelemetryConfig>> telemetry_keys();
std::span<const KeySpec<SlowDetectConfig>> slow_keys();
std::span<const KeySpec<TrendDetectConfig>> trend_keys();
std::span<const KeySpec<MisorderedDetectConfig>> misordered_keys();
std::span<const KeySpec<UntestedDetectConfig>> untested_keys();
std::span<const KeySpec<ErrorsDetectConfig>> errors_keys();
std::span<const KeySpec<CodeConfig>> code_keys();
std::span<const KeySpec<FixConfig>> fix_keys();
std::span<const KeySpec<LlmConfig>> llm_keys();
std::span<const KeySpec<HarnessConfig>> harness_keys();
std::span<const KeySpec<GenerateConfig>> generate_keys();
std::span<const KeySpec<ValidateConfig>> validate_keys();
std::span<const KeySpec<PublishConfig>> publish_keys();
std::span<const KeySpec<AutoMergeConfig>> auto_merge_keys();
std::span<const KeySpec<GitHubConfig>> github_keys();
std::span<const KeySpec<ServerConfig>> server_keys();
std::span<const KeySpec<ServedRepositoryConfig>> served_repository_keys();

} // namespace medic::config_detail
