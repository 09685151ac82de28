#pragma once
// The configuration file (.github/medic.yml) as a JSON Schema (draft 2020-12), and a commented
// starter file — both made from the key tables (config_keys.hpp), so neither can drift from what
// the loader reads. docs/schema/config.v1.schema.json is the schema as this Medic writes it
// (tests/config fails when it is stale); editors use it to complete and check the file.

#include <nlohmann/json.hpp>
#include <string>

namespace medic {

/// Every key with its type, constraints, default and documentation; unknown keys refused
/// (the loader only warns about them, so a typo still loads).
nlohmann::json config_json_schema();

/// A .github/medic.yml to start from: `version: 1` and every other key commented out with its
/// default and documentation, section by section, with examples for handlers and sequences.
std::string starter_config();

} // namespace medic
