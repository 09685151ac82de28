#include "analyzers/anomaly/misordered_detector.hpp"

#include "analyzers/anomaly/describe.hpp"
#include "bot/model/evidence.hpp"

#include <algorithm>
#include <optional>

namespace medic::anomaly {

bool follows_order(const std::vector<std::string>& observed,
                   const std::vector<std::string>& expected) {
    // Walk `expected` forwards: each known step must be found after the current position, or
    // repeat the current step (a retry); a step `expected` lists twice is found again later.
    std::size_t position = 0;
    bool started = false;
    for (auto const& step : observed) {
        if (started && expected[position] == step)
            continue;
        auto const from =
            expected.begin() + static_cast<std::ptrdiff_t>(started ? position + 1 : 0);
        auto const it = std::find(from, expected.end(), step);
        if (it == expected.end()) {
            if (std::find(expected.begin(), expected.end(), step) != expected.end())
                return false; // known step, but only earlier in the order
            continue;         // a call the order does not mention
        }
        position = static_cast<std::size_t>(it - expected.begin());
        started = true;
    }
    return true;
}

namespace {

/// The order runs should follow and where that expectation comes from.
struct Expectation {
    std::vector<std::string> order;
    std::string source; ///< "config" or "majority"
};

std::optional<Expectation> expectation_for(const SequenceStats& sequence,
                                           const DetectInput& input) {
    if (auto const it = input.config.sequences.find(sequence.name);
        it != input.config.sequences.end()) {
        // Steps may be configured under any name of their handler (span name, route, function).
        std::vector<std::string> order;
        for (auto const& step : it->second)
            order.push_back(handler_id_for(input.current, step));
        return Expectation{std::move(order), "config"};
    }
    auto const& majority = sequence.orders.front();
    double const share = double(majority.runs) / double(sequence.runs);
    if (share < input.config.detect.misordered.majority_share)
        return std::nullopt; // no order is common enough to call the others wrong
    return Expectation{majority.steps, "majority"};
}

/// Runs (and failed runs) that broke the expected order, and complete runs that kept it.
/// A run that stopped early fits either order, so it counts as neither.
struct Tally {
    std::uint64_t misordered = 0, misordered_failed = 0, in_order = 0, in_order_failed = 0;
    const SequenceOrder* worst = nullptr; ///< The most frequent misordered order.
};

bool covers(const std::vector<std::string>& observed, const std::vector<std::string>& expected) {
    return std::all_of(expected.begin(), expected.end(), [&](const std::string& step) {
        return std::find(observed.begin(), observed.end(), step) != observed.end();
    });
}

Tally tally(const SequenceStats& sequence, const Expectation& expected) {
    Tally t;
    for (auto const& order : sequence.orders) {
        if (!follows_order(order.steps, expected.order)) {
            t.misordered += order.runs;
            t.misordered_failed += order.failed_runs;
            if (t.worst == nullptr)
                t.worst = &order;
        } else if (covers(order.steps, expected.order)) {
            t.in_order += order.runs;
            t.in_order_failed += order.failed_runs;
        }
    }
    return t;
}

std::vector<SequenceOrderEvidence> orders_evidence(const SequenceStats& sequence,
                                                   const Expectation& expected) {
    std::vector<SequenceOrderEvidence> orders;
    for (std::size_t i = 0; i < sequence.orders.size() && i < 5; ++i) {
        auto const& order = sequence.orders[i];
        orders.push_back({order.steps, order.runs, order.failed_runs,
                          follows_order(order.steps, expected.order), order.example_runs});
    }
    return orders;
}

std::string sentence(const SequenceStats& sequence, const Expectation& expected, const Tally& t) {
    std::string text = "Sequence '" + sequence.name + "' ran " + join_order(t.worst->steps) +
                       " in " + percent(double(t.worst->runs) / double(sequence.runs)) + " of " +
                       std::to_string(sequence.runs) + " runs, but the " +
                       (expected.source == "config" ? "configured" : "usual") + " order is " +
                       join_order(expected.order) + ".";
    if (t.misordered_failed > 0) {
        text += " " + std::to_string(t.misordered_failed) + " of the " +
                std::to_string(t.misordered) + " misordered runs failed (" +
                percent(double(t.misordered_failed) / double(t.misordered));
        if (t.in_order > 0)
            text += ", vs " + percent(double(t.in_order_failed) / double(t.in_order)) + " of " +
                    std::to_string(t.in_order) + " complete runs in the expected order";
        text += ").";
    }
    return text;
}

} // namespace

std::vector<Anomaly> MisorderedDetector::detect(const DetectInput& input) const {
    std::vector<Anomaly> found;
    auto const& config = input.config.detect.misordered;
    for (auto const& sequence : input.current.sequences) {
        if (sequence.runs < config.min_runs || sequence.orders.empty())
            continue;
        auto const expected = expectation_for(sequence, input);
        if (!expected)
            continue;
        auto const t = tally(sequence, *expected);
        double const share = double(t.misordered) / double(sequence.runs);
        if (t.misordered == 0 || share < config.min_deviation_share)
            continue;
        Anomaly anomaly;
        anomaly.kind = AnomalyKind::misordered;
        anomaly.sequence = sequence.name;
        anomaly.id = anomaly_fingerprint(anomaly.kind, "", sequence.name);
        anomaly.severity = t.misordered_failed > 0 ? Severity::high : Severity::medium;
        anomaly.impact = double(t.misordered_failed > 0 ? t.misordered_failed : t.misordered);
        anomaly.impact_unit = t.misordered_failed > 0 ? "failed runs" : "runs";
        anomaly.summary = sentence(sequence, *expected, t);
        anomaly.evidence = evidence_json(MisorderedEvidence{
            expected->order, expected->source, t.worst->steps, sequence.runs, t.misordered,
            t.misordered_failed, t.in_order, t.in_order_failed, sequence.single_step_runs,
            sequence.truncated_runs, sequence.runs_in_other_orders,
            orders_evidence(sequence, *expected)});
        found.push_back(std::move(anomaly));
    }
    return found;
}

} // namespace medic::anomaly
