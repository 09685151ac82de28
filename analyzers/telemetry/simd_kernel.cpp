#include "analyzers/telemetry/simd_kernel.hpp"

namespace medic::telemetry {

bool use_haswell_kernel(SimdKernel kernel) {
    if (kernel == SimdKernel::generic)
        return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") &&
           __builtin_cpu_supports("pclmul");
}

} // namespace medic::telemetry
