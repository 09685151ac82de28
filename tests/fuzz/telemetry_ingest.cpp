// Fuzz target: a whole telemetry input, as `medic detect` reads it — format sniffing, every
// parser behind it, aggregation, detection, and the report written as JSON.
#include "analyzers/anomaly/detect.hpp"
#include "analyzers/telemetry/ingest.hpp"
#include "bot/model/json.hpp"
#include "tests/fuzz/parser_fixture.hpp"

#include <cstdint>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // An in-memory file: ingest reads paths, as the CLI gives them.
    int const fd = ::memfd_create("telemetry", MFD_CLOEXEC);
    if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size)) {
        ::close(fd);
        return 0;
    }
    auto const& config = medic::fuzz::ParserFixture::config();
    auto summary = medic::telemetry::ingest({"/proc/self/fd/" + std::to_string(fd)}, {config, {}});
    ::close(fd);
    if (!summary)
        return 0;
    medic::MedicConfig medic_config;
    medic_config.telemetry = config;
    auto const anomalies = medic::anomaly::detect({*summary, nullptr, medic_config, nullptr});
    medic::AnomalyReport report;
    report.anomalies = anomalies;
    report.ingest = summary->ingest;
    static_cast<void>(medic::to_json_text(report, 2));
    static_cast<void>(medic::to_json_text(*summary));
    return 0;
}
