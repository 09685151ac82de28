#pragma once
// One pipeline run, whichever front door starts it (`medic run`, the GitHub App server, CI):
// ingest → detect → locate → diagnose → draft → generate → validate → publish, with the seconds
// each stage took, into a RunReport (written as <out>/run.json, `medic.run/v1`).

#include "bot/model/clock.hpp"
#include "bot/model/config.hpp"
#include "bot/model/http.hpp"
#include "bot/model/process.hpp"
#include "bot/model/run_report.hpp"
#include "bot/model/telemetry.hpp"
#include "bot/pipeline/draft_run.hpp"
#include "bot/pipeline/fix_pipeline.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace medic::pipeline {

/// What one run is asked to do.
struct RunRequest {
    std::filesystem::path repo; ///< A git checkout; never written.
    std::vector<std::string> telemetry;
    std::vector<std::string> baseline; ///< Earlier telemetry to compare with (regressions).
    std::string build_dir;             ///< compile_commands.json's folder; empty: found or made.
    std::string provider;              ///< rules, openai, anthropic; empty: fix.strategies.
    PublishMode publish_mode = PublishMode::local;
    std::string remote;             ///< Where `local` pushes; empty: publish.remote or origin.
    std::filesystem::path out;      ///< anomalies.json, run.json, <anomaly id>/...
    std::filesystem::path work_dir; ///< Validation worktree and warm build.
    std::string templates;          ///< Medic's templates folder; empty: the built-in.
    std::vector<std::string> only;  ///< Anomaly ids to work on; empty: all.
    /// An anomaly report (medic detect's, or CI's) to work from instead of telemetry: the run
    /// then starts at locate. Exactly one of `telemetry` and this is given.
    std::string anomaly_report;
    /// The review loop's requests: a reviewer's revision (the model drafts with it), and the
    /// drafts open pull requests carry (re-applied when they still apply, else drafted anew).
    DraftGuidance guidance;
    /// Branch -> the commit the remote's branch must still be at for this run to push over it
    /// (a lease: a branch a person pushed to meanwhile is never overwritten).
    std::map<std::string, std::string> branch_leases;
    /// Anomaly id -> why this run leaves it alone (a pull request a person took over): reported
    /// as held, never drafted.
    std::map<std::string, std::string> held;
};

/// What a run says as it goes. The CLI prints it; a server logs it. Every method may be ignored.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    /// A transient status ("locate…", "building the base"); `end_progress` clears it.
    virtual void progress(std::string_view /*status*/) {}
    virtual void end_progress() {}
    /// A line for people ("12 anomalies in 2 telemetry file(s)").
    virtual void note(std::string_view /*line*/) {}
    /// Something that did not stop the run but may explain its result.
    virtual void warning(std::string_view /*line*/) {}
    /// Fix `index` of `total` is about to be validated.
    virtual void proving(std::size_t /*index*/, std::size_t /*total*/, const Anomaly& /*anomaly*/,
                         const PatchDraft& /*draft*/, const ProofMeans& /*means*/) {}
    /// A fix reached its end (validated, published, held, refused...).
    virtual void proved(const FixResult& /*result*/) {}
};

/// The outside world one run uses; references only, built by the front door.
struct RunContext {
    MedicConfig& config; ///< --provider may set llm.provider.
    HttpClient& model_http;
    Sleeper& model_sleeper;
    ProcessRunner& runner;
    RunObserver& observer;
    GitHubTarget* github = nullptr; ///< Set (connected) when publishing to GitHub.
    /// Hides secrets in what leaves Medic that ingest did not see (outbound_redaction).
    std::function<void(std::string&)> redact = [](std::string&) {};
    const Clock& clock = wall_clock(); ///< The anomaly report's timestamp.
    /// Asked before each validated fix is published: an error keeps it unpublished, with that
    /// reason (the server: this process no longer holds the repository against the others).
    std::function<Result<void>()> may_publish = [] { return Result<void>(); };
};

/// Runs every stage for `request`. An error means the run could not start or its input could not
/// be read (nothing to report); a fix that fails is a line of the report, not an error.
Result<RunReport> run(const RunRequest& request, RunContext& context);

} // namespace medic::pipeline
