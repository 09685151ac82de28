#pragma once
// The medic.yml sections the generate, validate and publish stages read: harness, generate,
// validate and publish.

#include "bot/model/config.hpp"

#include <yaml-cpp/yaml.h>

namespace medic {

/// Reads whichever of the four sections `root` has into `config` (throws ConfigError).
void read_pipeline_sections(const YAML::Node& root, MedicConfig& config);

} // namespace medic
