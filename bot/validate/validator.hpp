#pragma once
// validate_fix: the validate stage (SPEC "Validate"). A drafted fix and its generated tests are
// built and run in a git worktree of their own: the tests must build and describe the code
// without the fix, the patched build must pass the repository's tests and the generated tests
// `flaky_runs` times in a row, and a `slow` fix must beat the base build in interleaved
// benchmark runs by the configured margin with p < alpha.

#include "bot/model/code.hpp"
#include "bot/model/config.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/process.hpp"
#include "bot/model/verdict.hpp"
#include "generators/tests/test_generator.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace medic::validate {

/// One fix to validate and where to do it.
struct ValidationRequest {
    std::filesystem::path repo; ///< A git repository; its checkout is never written.
    std::string base = "HEAD";  ///< The commit the fix applies to.
    PatchDraft draft;
    GeneratedTests tests;
    ValidateConfig config;
    GenerateConfig generate;
    /// Holds the worktree, the (warm) build directory and each attempt's logs.
    std::filesystem::path work_dir;
    std::function<void(std::string_view)> progress = [](std::string_view) {};
    /// The repository's own benchmark that calls the handler: when set, the speedup is measured
    /// with it (its executable found through CMake's file API) rather than a generated one.
    std::optional<BenchmarkSite> repo_benchmark;
    /// False: builds and tests only, whatever the anomaly's kind (a revert of a merged fix
    /// production found worse is proved by the repository's tests, not by a benchmark).
    bool measure_speedup = true;
};

/// The verdict (validated or not, with the reason and every command's record). An Error only
/// when validation could not be set up (no git repository, no base commit, a runner failure).
Result<Verdict> validate_fix(const ValidationRequest& request, ProcessRunner& runner);

/// True for the anomaly kinds whose fix must be proved by a benchmark.
bool needs_speedup(AnomalyKind kind);

} // namespace medic::validate
