#pragma once
// Finds the repository's own Google Benchmark functions that call the located handlers (or
// their callees), so a fix can be measured without a harness.

#include "analyzers/code/locate.hpp"

namespace medic::code {

/// Fills each site's `benchmarks`: functions taking a `benchmark::State&` whose body calls the
/// handler (listed first) or one of its callees. Units that never spell benchmark::State are not
/// parsed. A failure leaves the sites as they were (the fix can still use a harness).
void find_benchmarks(const ProjectOptions& options, std::vector<CodeSite>& sites);

} // namespace medic::code
