#pragma once
// The diagnose stage (SPEC "Diagnose"): located handlers in, findings out. Clang-free header.

#include "analyzers/code/locate.hpp"
#include "bot/model/finding.hpp"

namespace medic::code {

struct AnalyzeResult {
    std::vector<CodeSite> sites;
    std::vector<Finding> findings; ///< Per handler in the order asked, most weight first.
    std::vector<std::string> not_found;
    ParseReport report;                      ///< Of the locate pass.
    std::vector<std::string> check_problems; ///< Units that did not parse in the check pass.
};

/// The problems of both parse passes (locate and checks), each once, sorted.
std::vector<std::string> all_problems(const AnalyzeResult& result);

/// Locates the handlers, then runs every check on them and the functions they call. A finding
/// in a function several handlers share is reported for each of them.
Result<AnalyzeResult> analyze_handlers(const ProjectOptions& options,
                                       const std::vector<HandlerQuery>& queries);
Result<AnalyzeResult> analyze_handlers(const ProjectOptions& options,
                                       const std::vector<std::string>& handlers);

/// Every built-in check's id, summary and doc page.
std::vector<CheckInfo> list_checks();

} // namespace medic::code
