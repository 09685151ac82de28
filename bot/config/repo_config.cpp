#include "bot/config/repo_config.hpp"

#include "bot/config/config_loader.hpp"

#include <filesystem>

namespace medic {

Result<MedicConfig> resolve_config(const std::string& config_path, const std::string& repo) {
    if (!config_path.empty())
        return load_config(config_path);
    auto const conventional = std::filesystem::path(repo) / ".github" / "medic.yml";
    if (std::filesystem::exists(conventional))
        return load_config(conventional);
    MedicConfig defaults;
    defaults.warnings.push_back("no " + conventional.string() +
                                ": no budgets or expected sequences, so only baselines, error "
                                "rates and majority orders are checked (medic.yml: see README)");
    return defaults;
}

std::vector<std::string> vendored_folders(const std::string& config_path, const std::string& repo) {
    auto config = resolve_config(config_path, repo);
    return config ? config->code.vendored : CodeConfig{}.vendored;
}

} // namespace medic
