#pragma once
// What a front door does with the learning records around a pipeline run — the server for each
// repository it serves, `medic run --state-dir` for a checkout: before the run, the strategies
// ranked by past outcomes and the changes reviewers rejected kept out (RunRequest::guidance);
// after it, every drafted fix recorded as an attempt with its first fate.

#include "bot/model/result.hpp"
#include "bot/model/run_report.hpp"
#include "bot/pipeline/run.hpp"
#include "bot/store/store.hpp"

#include <filesystem>
#include <string>

namespace medic::clients {

/// Sets `request.guidance` from `store`'s records of `repository`: strategies ranked over its
/// attempts (bot/learn/ranking.hpp; a strategy skipped after `max_failed_validations` failed
/// validations of one anomaly) and its rejected changes never proposed again.
Result<void> guide_by_outcomes(store::Store& store, const std::string& repository,
                               int max_failed_validations, pipeline::RunRequest& request);

/// Records each fix `report` drafted as an attempt of `repository` (its change read from the
/// diff the run kept in `out`/<anomaly>/fix.diff). Fixes with no draft are no attempt.
Result<void> record_attempts(store::Store& store, const std::string& repository,
                             const std::filesystem::path& out, const RunReport& report);

} // namespace medic::clients
