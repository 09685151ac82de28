#pragma once
// Findings as a SARIF 2.1.0 log, the format GitHub code scanning reads.

#include "bot/model/finding.hpp"

#include <nlohmann/json.hpp>

namespace medic::views {

/// One run of tool "medic" with a rule per check and a result (with fixes) per finding.
nlohmann::json to_sarif(const std::vector<Finding>& findings, const std::vector<CheckInfo>& checks);

} // namespace medic::views
