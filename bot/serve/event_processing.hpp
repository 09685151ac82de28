#pragma once
// What a worker does with one job: the delivery's event, read from its payload. Each handler is
// idempotent (a job taken again after a crash does the same thing twice and changes nothing the
// second time) and returns one line saying what it did, which the store keeps as the outcome.

#include "bot/model/result.hpp"
#include "bot/store/store.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace medic::serve {

/// The repository_dispatch event_type that carries an anomaly report.
inline constexpr std::string_view k_anomaly_report_event = "medic-anomaly-report";

/// One anomaly report to act on, from a repository_dispatch delivery.
struct ReportRun {
    std::string delivery_id;
    std::string repository; ///< owner/name
    std::int64_t installation_id = 0;
    nlohmann::json report; ///< The anomaly report (medic detect's format).
};

/// Runs the pipeline on an anomaly report for a repository and publishes what it proves (the
/// real one, in dispatch_run.hpp, clones the repository and drives pipeline::run; tests give
/// their own). Returns the outcome line.
class ReportRunner {
public:
    virtual ~ReportRunner() = default;
    virtual Result<std::string> run_report(const ReportRun& run) = 0;
};

/// Processes `job`; an error means the job failed (the message is kept as its outcome).
Result<std::string> process_job(const store::Job& job, store::Store& store, ReportRunner& runner);

} // namespace medic::serve
