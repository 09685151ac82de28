#pragma once
// What a run is set up with before any stage starts, whichever front door starts it: where
// validation works, Medic's templates, and the redaction everything leaving Medic goes through.

#include "bot/model/config.hpp"
#include "bot/model/result.hpp"
#include "generators/tests/test_generator.hpp"

#include <filesystem>
#include <functional>
#include <string>

namespace medic::pipeline {

/// `flag` when given, else $XDG_CACHE_HOME (or ~/.cache)/medic/validate/<repo name>-<hash of
/// its absolute path>: where validation keeps its worktree and warm build.
std::filesystem::path work_dir_for(const std::string& flag, const std::filesystem::path& repo);

/// Medic's own templates: `flag`, else $MEDIC_TEMPLATES, else those installed beside the
/// binary (<prefix>/share/medic/templates for <prefix>/bin/medic), else the source tree's (a
/// build that was not installed).
std::filesystem::path templates_dir(const std::string& flag);

/// Medic's templates (`flag`, $MEDIC_TEMPLATES or the built-in) and `repo`'s overrides.
TemplateDirs template_dirs_for(const std::string& flag, const std::filesystem::path& repo);

/// The redaction everything leaving Medic goes through (the built-in rules and the config's
/// telemetry.redact patterns); FixContext::redact.
Result<std::function<void(std::string&)>> outbound_redaction(const MedicConfig& config);

} // namespace medic::pipeline
