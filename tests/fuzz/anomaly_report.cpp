// Fuzz target: an anomaly report (medic.anomaly-report/v1), as `medic fix` and `run` read one
// that CI posted; what is read is written back.
#include "bot/model/json.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto const report = medic::from_json_text<medic::AnomalyReport>(
        std::string_view(reinterpret_cast<const char*>(data), size), "report.json");
    if (report)
        static_cast<void>(medic::to_json_text(*report, 2));
    return 0;
}
