#pragma once
// The code analysis for people, in the shape compilers print: where a handler is defined and
// registered with what it calls and which tests reach it (medic locate), each check's finding
// under its handler with the fix-it (medic analyze), and a declared sequence against the order
// telemetry shows.

#include "bot/model/code.hpp"
#include "bot/model/finding.hpp"
#include "bot/views/terminal.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace medic::views {

/// A located handler: definition, registrations, callees by depth, and the tests that call it.
std::string render_site(const std::filesystem::path& repo, const CodeSite& site, const Terminal& t);

/// Per handler in `sites`, its findings with their fix-its or how-to-fix notes ("no findings").
std::string render_findings(const std::filesystem::path& repo, const std::vector<CodeSite>& sites,
                            const std::vector<Finding>& findings, const Terminal& t);

/// A declared sequence, flagged when `expected` (telemetry's order; empty: unknown) differs.
std::string render_sequence(const std::filesystem::path& repo, const SequenceSite& site,
                            const std::vector<std::string>& expected, const Terminal& t);

} // namespace medic::views
