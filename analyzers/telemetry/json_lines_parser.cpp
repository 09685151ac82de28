#include "analyzers/telemetry/json_lines_parser.hpp"

namespace medic::telemetry {

// Two builds of json_lines_parser_kernel.cpp (see CMakeLists.txt).
namespace haswell {
std::unique_ptr<JsonLinesParser> make_parser(Aggregator& aggregator);
std::string_view kernel_name();
} // namespace haswell
namespace generic {
std::unique_ptr<JsonLinesParser> make_parser(Aggregator& aggregator);
std::string_view kernel_name();
} // namespace generic

std::unique_ptr<JsonLinesParser> make_json_lines_parser(Aggregator& aggregator, SimdKernel kernel) {
    return use_haswell_kernel(kernel) ? haswell::make_parser(aggregator)
                                      : generic::make_parser(aggregator);
}

std::string_view json_lines_kernel() {
    return use_haswell_kernel(SimdKernel::best) ? haswell::kernel_name() : generic::kernel_name();
}

} // namespace medic::telemetry
