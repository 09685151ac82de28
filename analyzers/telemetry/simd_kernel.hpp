#pragma once
// simdjson's On-Demand API picks its kernel at compile time, so the bulk parsers are compiled
// twice (AVX2 "haswell" and portable "generic") and chosen at run time by CPU features.

#include <string_view>

namespace medic::telemetry {

/// Which build of a parser to use; `best` is the fastest this CPU runs.
enum class SimdKernel { best, haswell, generic };

/// True when `kernel` resolves to the haswell build on this CPU (asking for haswell on a CPU
/// without AVX2 gets generic).
bool use_haswell_kernel(SimdKernel kernel);

} // namespace medic::telemetry
