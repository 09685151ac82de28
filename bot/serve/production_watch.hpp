#pragma once
// Merged fixes judged by production. A fix Medic merged (or a person merged) waits in the store
// with its anomaly as it was (event_processing.cpp records it at the merge); each pass of live
// detection compares the handler's calls since the merge with it (bot/learn/production_check.hpp),
// records the verdict as the attempt's fate, and queues a "medic_production" job: the worker
// tells the merged pull request what production said (production_comment.hpp).

#include "bot/model/telemetry.hpp"
#include "bot/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::serve {

/// The event of the deliveries that carry a production verdict to its pull request (never one
/// GitHub sends).
inline constexpr std::string_view k_production_event = "medic_production";

/// Judges `repository`'s merged fixes that wait for production on `summary` (the calls live
/// telemetry aggregated); records each verdict and queues the job that tells its pull request
/// (as installation `installation_id`; 0: the worker looks it up). Returns one line per verdict,
/// for the log.
std::vector<std::string> judge_merged_fixes(store::Store& store, const std::string& repository,
                                            std::int64_t installation_id,
                                            const TelemetrySummary& summary);

/// The branch of the revert of pull request `pull_request`: medic/revert-<number>.
std::string revert_branch(std::int64_t pull_request);

/// The pull request number a revert branch takes back; none for other branches.
std::optional<std::int64_t> reverted_pull_request(std::string_view branch);

} // namespace medic::serve
