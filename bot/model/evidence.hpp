#pragma once
// Typed evidence: what a detector found, as the structs the detectors fill and the draft, test
// and documentation stages read, with each field named once. Anomaly::evidence keeps the JSON
// (the anomaly report's format is unchanged); these convert both ways.

#include "bot/model/anomaly.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace medic {

/// One order a sequence's runs took, how often, and how often such a run failed.
struct SequenceOrderEvidence {
    std::vector<std::string> steps;
    std::uint64_t runs = 0;
    std::uint64_t failed_runs = 0;
    bool follows_expected = false;
    std::vector<std::string> example_runs; ///< "<sequence>\x1f<run id>" of a few such runs.
};

/// The evidence of a `misordered` anomaly.
struct MisorderedEvidence {
    std::vector<std::string> expected_order;
    std::string expected_from;             ///< "config" or "majority".
    std::vector<std::string> actual_order; ///< The most frequent order that breaks it.
    std::uint64_t runs = 0;                ///< Runs of two or more steps.
    std::uint64_t misordered_runs = 0;
    std::uint64_t misordered_failed_runs = 0;
    std::uint64_t complete_in_order_runs = 0;
    std::uint64_t complete_in_order_failed_runs = 0;
    std::uint64_t single_step_runs = 0;
    std::uint64_t truncated_runs = 0;
    std::uint64_t runs_in_other_orders = 0;
    std::vector<SequenceOrderEvidence> orders; ///< The most frequent orders, at most five.
};

/// The evidence as the anomaly report writes it.
nlohmann::json evidence_json(const MisorderedEvidence& evidence);

/// `anomaly`'s evidence read as a misordered sequence's. Lenient: a field that is missing or of
/// another type (a report from an older Medic, or edited by hand) keeps its default.
MisorderedEvidence misordered_evidence(const Anomaly& anomaly);

} // namespace medic
