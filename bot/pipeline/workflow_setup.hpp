#pragma once
// `medic init --workflow`: the GitHub Actions workflow that builds a repository, runs its
// benchmarks and sends Medic's App the anomalies, from templates/ci/medic-workflow.yml.

#include "bot/model/result.hpp"

#include <filesystem>
#include <string>

namespace medic::pipeline {

struct WorkflowSetup {
    std::filesystem::path repo; ///< Its checked-out branch is the one the workflow watches.
    std::string action;         ///< OWNER/REPO@REF of Medic's action.yml.
    std::string benchmark;      ///< The one command that runs the Google Benchmark binary.
    std::string templates;      ///< Medic's templates folder (empty: $MEDIC_TEMPLATES or built-in).
};

/// The branch `repo` has checked out (.git/HEAD), else "main".
std::string checked_out_branch(const std::filesystem::path& repo);

/// The workflow's text. Its placeholders are replaced as text, so GitHub's own ${{ }}
/// expressions pass through. Errors: an action or benchmark that cannot make a working
/// workflow (the message says what to give), or the template cannot be read.
Result<std::string> render_workflow(const WorkflowSetup& setup);

} // namespace medic::pipeline
