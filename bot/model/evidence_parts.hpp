#pragma once
// The pieces several kinds' evidence share, read leniently from their JSON (private to
// bot/model: the stages use evidence.hpp).

#include "bot/model/evidence.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace medic::evidence_parts {

/// The latency object at object[key]; defaults when absent.
LatencyEvidence latency_at(const nlohmann::json& object, std::string_view key);

/// The example calls in the array object["examples"].
std::vector<ExampleCallEvidence> examples_in(const nlohmann::json& object);

/// The example calls as the report writes them.
nlohmann::json examples_json(const std::vector<ExampleCallEvidence>& examples);

} // namespace medic::evidence_parts
