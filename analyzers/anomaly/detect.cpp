#include "analyzers/anomaly/detect.hpp"

#include "analyzers/anomaly/errors_detector.hpp"
#include "analyzers/anomaly/misordered_detector.hpp"
#include "analyzers/anomaly/slow_detector.hpp"
#include "analyzers/anomaly/trend_detector.hpp"
#include "analyzers/anomaly/untested_detector.hpp"
#include "bot/model/evidence.hpp"

#include <algorithm>

namespace medic::anomaly {

std::vector<std::unique_ptr<Detector>> register_all() {
    std::vector<std::unique_ptr<Detector>> detectors;
    detectors.push_back(std::make_unique<SlowDetector>());
    detectors.push_back(std::make_unique<TrendDetector>());
    detectors.push_back(std::make_unique<MisorderedDetector>());
    detectors.push_back(std::make_unique<ErrorsDetector>());
    detectors.push_back(std::make_unique<UntestedDetector>());
    return detectors;
}

namespace {

bool is_step_of(const MisorderedEvidence& misordered, std::string_view handler) {
    return std::ranges::find(misordered.actual_order, handler) != misordered.actual_order.end();
}

/// A failing step of a misordered sequence is most likely a symptom of the order.
void link_related(std::vector<Anomaly>& anomalies) {
    for (auto const& cause : anomalies) {
        if (cause.kind != AnomalyKind::misordered)
            continue;
        auto const evidence = misordered_evidence(cause);
        if (evidence.misordered_failed_runs == 0)
            continue;
        for (auto& symptom : anomalies)
            if (symptom.kind == AnomalyKind::errors && is_step_of(evidence, symptom.handler))
                symptom.related.push_back(cause.id);
    }
}

} // namespace

void rank(std::vector<Anomaly>& anomalies) {
    std::stable_sort(anomalies.begin(), anomalies.end(), [](const Anomaly& a, const Anomaly& b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.impact != b.impact)
            return a.impact > b.impact;
        return a.id < b.id;
    });
}

std::vector<Anomaly> detect(const DetectInput& input) {
    std::vector<Anomaly> anomalies;
    for (auto const& detector : register_all()) {
        auto found = detector->detect(input);
        for (auto& anomaly : found)
            anomaly.evidence["detector"] = detector->id();
        std::move(found.begin(), found.end(), std::back_inserter(anomalies));
    }
    link_related(anomalies);
    rank(anomalies);
    return anomalies;
}

} // namespace medic::anomaly
