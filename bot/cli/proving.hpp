#pragma once
// What `medic run` and `medic validate` share: where validation works, the runner, and the
// summary table of fixes (anomaly, root cause, strategy, speedup, p-value, verdict, branch).

#include "bot/cli/terminal.hpp"
#include "bot/pipeline/fix_pipeline.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace medic::cli {

/// `flag` when given, else $XDG_CACHE_HOME (or ~/.cache)/medic/validate/<repo name>-<hash of
/// its absolute path>: where validation keeps its worktree and warm build.
std::filesystem::path work_dir_for(const std::string& flag, const std::filesystem::path& repo);

/// The redaction everything leaving Medic goes through (the built-in rules and the config's
/// telemetry.redact patterns); FixContext::redact.
Result<std::function<void(std::string&)>> outbound_redaction(const MedicConfig& config);

/// Medic's templates (--templates, $MEDIC_TEMPLATES or the built-in) and `repo`'s overrides.
TemplateDirs template_dirs_for(const std::string& flag, const std::filesystem::path& repo);

/// The summary table, one row per anomaly, plus the reason under each row that did not pass.
std::string results_table(const std::vector<pipeline::FixResult>& results, const Terminal& t);

/// The per-stage seconds as one line ("detect 0.4 s · locate 3.1 s · ...") and Medic's share.
std::string stage_times_line(const pipeline::StageTimes& times, double wall_seconds,
                             double command_seconds);

/// The summary as JSON (written as <out>/run.json).
nlohmann::json results_json(const std::vector<pipeline::FixResult>& results,
                            const pipeline::StageTimes& times, double wall_seconds,
                            double command_seconds);

} // namespace medic::cli
