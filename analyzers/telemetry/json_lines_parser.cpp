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

namespace {
bool cpu_runs_haswell_kernel() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") &&
           __builtin_cpu_supports("pclmul");
}
} // namespace

std::unique_ptr<JsonLinesParser> make_json_lines_parser(Aggregator& aggregator, SimdKernel kernel) {
    bool const haswell = kernel != SimdKernel::generic && cpu_runs_haswell_kernel();
    return haswell ? haswell::make_parser(aggregator) : generic::make_parser(aggregator);
}

std::string_view json_lines_kernel() {
    return cpu_runs_haswell_kernel() ? haswell::kernel_name() : generic::kernel_name();
}

} // namespace medic::telemetry
