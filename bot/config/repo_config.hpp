#pragma once
// Which configuration a command reads: --config if given, else <repo>/.github/medic.yml when it
// exists, else the defaults (with a warning saying what is then not checked).

#include "bot/model/config.hpp"
#include "bot/model/result.hpp"

#include <string>

namespace medic {

Result<MedicConfig> resolve_config(const std::string& config_path, const std::string& repo);

/// code.vendored of the configuration resolve_config finds (the defaults when it cannot be read:
/// the command that needs the rest of it reports that).
std::vector<std::string> vendored_folders(const std::string& config_path, const std::string& repo);

} // namespace medic
