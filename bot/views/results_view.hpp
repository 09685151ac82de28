#pragma once
// The run report for people: the summary table of fixes (anomaly, root cause, strategy, speedup,
// p-value, verdict, branch) and the line of per-stage seconds.

#include "bot/model/run_report.hpp"
#include "bot/views/terminal.hpp"

#include <string>
#include <vector>

namespace medic::views {

/// The summary table, one row per anomaly, plus the reason under each row that did not pass.
std::string results_table(const std::vector<FixRecord>& fixes, const Terminal& t);

/// The per-stage seconds as one line ("detect 0.4 s · locate 3.1 s · ...") and Medic's share.
std::string stage_times_line(const RunReport& report);

} // namespace medic::views
