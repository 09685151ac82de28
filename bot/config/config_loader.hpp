#pragma once
// Reads `.github/medic.yml` into MedicConfig. Every key has a default (bot/model/config.hpp);
// unknown keys become warnings, wrong types become clear errors.

#include "bot/model/config.hpp"
#include "bot/model/result.hpp"

#include <filesystem>
#include <string_view>

namespace medic {

/// Parses configuration YAML; `origin` names the file in messages.
Result<MedicConfig> parse_config(std::string_view yaml_text, std::string_view origin);

/// Reads and parses a configuration file; not_found when it does not exist.
Result<MedicConfig> load_config(const std::filesystem::path& path);

} // namespace medic
