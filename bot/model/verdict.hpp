#pragma once
// Verdict: the validate stage's output (SPEC "Validate") — whether a drafted fix proved itself
// in a worktree of its own, every command it took to find out, and the before/after figures.

#include "bot/model/anomaly.hpp"

#include <optional>
#include <string>
#include <vector>

namespace medic {

/// One command validation ran, and how it ended.
struct CommandRecord {
    std::string step;    ///< "configure", "build", "test", "generated tests", "benchmark", ...
    std::string build;   ///< "base" (the fix's tests without the fix) or "patched".
    std::string command; ///< As run (after placeholders were filled in).
    int exit_code = -1;
    bool timed_out = false;
    double seconds = 0;
    std::string log;         ///< Where its whole output is kept.
    std::string output_tail; ///< The last lines, for the report.
};

/// The before/after benchmark of a `slow` fix: runs alternated between the two builds.
struct BenchmarkComparison {
    std::string benchmark;        ///< Google Benchmark name.
    bool from_repository = false; ///< The repository's own benchmark, not a generated one.
    std::string binary; ///< Its executable, relative to the build directory (own benchmarks).
    std::vector<double> base_ns; ///< Time per iteration, one value per run.
    std::vector<double> patched_ns;
    double base_median_ns = 0;
    double patched_median_ns = 0;
    double speedup = 0;     ///< base median / patched median (1.25: 25 % more calls per second).
    double p_value = 1;     ///< Two-sided Mann-Whitney U.
    bool exact_p = false;   ///< From the exact distribution (no ties), not the approximation.
    double min_speedup = 0; ///< The bar it had to pass (0.10: 10 %), and...
    double alpha = 0;       ///< ...the p-value it had to stay under.
};

/// Whether one drafted fix is validated, and the evidence.
struct Verdict {
    std::string anomaly_id;
    AnomalyKind kind = AnomalyKind::slow;
    std::string handler;
    bool validated = false;
    std::string reason; ///< One sentence: what proved it, or what failed.
    std::string base_commit;
    std::vector<CommandRecord> commands;
    unsigned generated_test_passes = 0;               ///< Consecutive passes on the patched build.
    std::optional<bool> generated_tests_fail_on_base; ///< Seen failing without the fix.
    std::optional<BenchmarkComparison> benchmark;
    bool network_isolated = false;
    std::string isolation_note; ///< Why not, when commands had network access.
    double seconds = 0;         ///< Wall time of the whole validation.
    double command_seconds = 0; ///< Of that, time inside the repository's own commands.
};

} // namespace medic
