#include "analyzers/anomaly/untested_detector.hpp"

#include "analyzers/anomaly/describe.hpp"

#include <numeric>

namespace medic::anomaly {

std::vector<Anomaly> UntestedDetector::detect(const DetectInput& input) const {
    std::vector<Anomaly> found;
    if (input.code == nullptr)
        return found;
    auto const& config = input.config.detect.untested;
    auto const total = std::accumulate(
        input.current.handlers.begin(), input.current.handlers.end(), std::uint64_t{0},
        [](std::uint64_t sum, const HandlerStats& h) { return sum + h.count; });
    for (auto const& site : *input.code) {
        auto const* stats = find_handler(input.current, site.handler);
        if (stats == nullptr || !site.test_files.empty() || stats->count < config.min_count)
            continue;
        double const share = double(stats->count) / double(std::max<std::uint64_t>(total, 1));
        if (share < config.min_share)
            continue;
        Anomaly anomaly;
        anomaly.kind = AnomalyKind::untested;
        anomaly.handler = site.handler;
        anomaly.names = stats->names;
        anomaly.id = anomaly_fingerprint(anomaly.kind, site.handler, "");
        anomaly.severity = share >= 0.05 ? Severity::medium : Severity::low;
        anomaly.impact = double(stats->count);
        anomaly.impact_unit = "calls";
        anomaly.summary = site.handler + " serves " + percent(share) + " of calls (" +
                          std::to_string(stats->count) +
                          ") but no test calls it; it is defined at " + site.definition.file + ":" +
                          std::to_string(site.definition.begin_line) + ".";
        anomaly.evidence =
            evidence_json(UntestedEvidence{stats->count, share, site.definition.file,
                                           site.definition.begin_line, examples_evidence(*stats)});
        found.push_back(std::move(anomaly));
    }
    return found;
}

} // namespace medic::anomaly
