#pragma once
// The stages after a draft, for one anomaly: generate its tests, validate it in a worktree,
// render its documents, and publish it (SPEC "Generate", "Validate", "Publish" — `local` mode:
// a branch committed and pushed with libgit2, the PR body written to a file).

#include "bot/model/anomaly.hpp"
#include "bot/model/code.hpp"
#include "bot/model/config.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/process.hpp"
#include "bot/model/run_report.hpp"
#include "bot/model/verdict.hpp"
#include "generators/tests/test_generator.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace medic::pipeline {

struct GitHubTarget;

/// What every fix of one run shares.
struct FixContext {
    std::filesystem::path repo; ///< A git repository; its checkout is never written.
    std::string base_commit;    ///< Full id the fixes apply to.
    const MedicConfig& config;
    TemplateDirs templates;
    std::filesystem::path work_dir; ///< Validation worktree, warm build, logs.
    std::filesystem::path out_dir;  ///< <id>/verdict.json, pull-request.md, fix.diff.
    ProcessRunner& runner;
    PublishMode publish_mode = PublishMode::local;
    std::string remote;             ///< Where "local" pushes (URL, path or remote name).
    GitHubTarget* github = nullptr; ///< Set when publishing to GitHub.
    std::function<void(std::string_view)> progress = [](std::string_view) {};
    /// Hides secrets in the text the documents, commit and PR are made from that ingest did
    /// not see: verdicts (command output included), reasons, a model's root cause. (Recorded
    /// values and names were redacted at ingest; the documents quote the user's CHANGELOG and
    /// the diff, which are not rewritten.)
    std::function<void(std::string&)> redact = [](std::string&) {};
    /// Branch -> the commit the remote must still have it at to be pushed over (RunRequest).
    std::map<std::string, std::string> branch_leases;
    /// RunContext::may_publish.
    std::function<Result<void>()> may_publish = [] { return Result<void>(); };
};

/// One anomaly's way through the stages.
struct FixResult {
    Anomaly anomaly;
    std::optional<PatchDraft> draft;
    std::optional<Verdict> verdict;
    FixStatus status = FixStatus::failed;
    std::string reason; ///< Why it stopped where it did (or what proved it).
    std::string branch; ///< Set once published.
    std::string commit;
    bool branch_changed = false; ///< False when a re-run found the branch already up to date.
    std::string pr_body_path;
    int pr_number = 0; ///< publish: github — the pull request, and what this run did to it.
    std::string pr_url;
    std::string pr_action; ///< "opened", "updated", "unchanged".
    std::string merge;     ///< "merged", "auto-merge enabled", "not merged: <why>".
    std::vector<std::string> warnings;
    StageTimes times;
};

/// `result`'s line of the run report.
FixRecord record_of(const FixResult& result);

/// What proves a fix: the repository's own benchmarks that call the handler (from the analysis).
/// With none, and without a Medic harness (harness.target), a fix cannot be validated.
struct ProofMeans {
    std::vector<BenchmarkSite> repo_benchmarks;
};

/// Generates, validates, documents and (when validated and publishing) publishes `draft`. The
/// speedup of a slow fix is measured with the repository's own benchmark when one calls the
/// handler, else with the benchmark generated against the harness.
FixResult prove_and_publish(const Anomaly& anomaly, const PatchDraft& draft, FixContext& context,
                            const ProofMeans& means = {});

/// Why `anomaly`'s fix cannot be validated with `config` and `means`, and the command that would
/// make it possible; nullopt when it can be.
std::optional<std::string> missing_proof(const Anomaly& anomaly, const MedicConfig& config,
                                         const ProofMeans& means);

/// Where `local` publishing pushes: `configured` when set (a local path that does not exist is
/// created as a bare repository), else the repository's origin, else a bare repository
/// `fallback` (created when missing).
Result<std::string> local_remote(const std::filesystem::path& repo, const std::string& configured,
                                 const std::filesystem::path& fallback);

} // namespace medic::pipeline
