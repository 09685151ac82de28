#include "analyzers/telemetry/otlp_parser.hpp"

namespace medic::telemetry {

// Two builds of otlp_parser_kernel.cpp (see CMakeLists.txt).
namespace haswell {
std::unique_ptr<OtlpParser> make_otlp(Aggregator& aggregator);
} // namespace haswell
namespace generic {
std::unique_ptr<OtlpParser> make_otlp(Aggregator& aggregator);
} // namespace generic

std::unique_ptr<OtlpParser> make_otlp_parser(Aggregator& aggregator, SimdKernel kernel) {
    return use_haswell_kernel(kernel) ? haswell::make_otlp(aggregator)
                                      : generic::make_otlp(aggregator);
}

} // namespace medic::telemetry
