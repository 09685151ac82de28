#pragma once
// The example calls production recorded for a handler (anomaly.evidence.examples), read once
// for the generated tests, the benchmark and the documents that describe them.

#include "bot/model/anomaly.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace medic {

/// One recorded call: its attributes as text, and how production answered it.
struct RecordedExample {
    std::vector<std::pair<std::string, std::string>> inputs; ///< Sorted by key.
    bool error = false;
    std::optional<double> duration_ms;
};

/// The examples of one anomaly, and how many were left out.
struct RecordedExamples {
    std::vector<RecordedExample> examples;
    std::size_t unreadable = 0; ///< Attributes that were not a JSON object (kept as raw text).
};

/// At most this many examples go into generated code.
inline constexpr std::size_t k_max_recorded_examples = 64;

/// The examples in `anomaly.evidence["examples"]`: string attributes as they are, numbers,
/// booleans and anything else as their JSON text.
RecordedExamples recorded_examples(const Anomaly& anomaly);

/// How many calls one iteration of the generated benchmark replays (at least one).
std::size_t replays_per_iteration(const Anomaly& anomaly);

} // namespace medic
