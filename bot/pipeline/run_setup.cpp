#include "bot/pipeline/run_setup.hpp"

#include "analyzers/telemetry/redactor.hpp"
#include "bot/model/result.hpp"
#include "generators/llm/prompt.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace medic::pipeline {

namespace fs = std::filesystem;

fs::path work_dir_for(const std::string& flag, const fs::path& repo) {
    if (!flag.empty())
        return flag;
    fs::path cache;
    if (auto const* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        cache = xdg;
    else if (auto const* home = std::getenv("HOME"); home && *home)
        cache = fs::path(home) / ".cache";
    else
        cache = fs::temp_directory_path();
    auto const absolute = fs::weakly_canonical(fs::absolute(repo));
    auto const hash = std::hash<std::string>{}(absolute.string()) & 0xffffffffULL;
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08llx", static_cast<unsigned long long>(hash));
    return cache / "medic" / "validate" / (absolute.filename().string() + "-" + suffix);
}

fs::path templates_dir(const std::string& flag) {
    if (!flag.empty())
        return flag;
    if (auto const* env = std::getenv("MEDIC_TEMPLATES"))
        return env;
    std::error_code error;
    auto const binary = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        auto const installed = binary.parent_path().parent_path() / "share/medic/templates";
        if (fs::is_directory(installed, error))
            return installed;
    }
    return MEDIC_TEMPLATES_DIR;
}

TemplateDirs template_dirs_for(const std::string& flag, const fs::path& repo) {
    return {templates_dir(flag), llm::repo_template_dir(repo)};
}

Result<std::function<void(std::string&)>> outbound_redaction(const MedicConfig& config) {
    MEDIC_TRY(redactor, telemetry::Redactor::create(config.telemetry.redact_patterns));
    auto shared = std::make_shared<telemetry::Redactor>(std::move(*redactor));
    return [shared](std::string& text) { shared->redact(text); };
}

} // namespace medic::pipeline
