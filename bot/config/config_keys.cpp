#include "bot/config/config_keys.hpp"

#include "bot/config/config_sections.hpp"
#include "bot/model/enum_names.hpp"

namespace medic {

using namespace config_detail;

std::string_view to_string(KeyKind kind) {
    static constexpr std::array<std::string_view, 10> k_names{
        "text",          "list of texts", "whole number", "number", "share (0 to 1)",
        "true or false", "duration",      "size",         "choice", "mapping"};
    return name_of(k_names, kind);
}

std::string spelled_default(const KeyInfo& key) {
    if (key.kind != KeyKind::text || key.default_text == "\"\"")
        return key.default_text;
    std::string quoted = "'";
    for (char const c : key.default_text)
        quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

std::vector<KeyInfo> config_keys() {
    std::vector<KeyInfo> keys{{"version", KeyKind::whole, "1", "the file format's version"}};
    describe(keys, "telemetry", telemetry_keys());
    keys.push_back({"handlers.<name>.budget_ms", KeyKind::map, "",
                    "latency budget of a handler, named as telemetry names it, e.g. {p95: 4.0}"});
    keys.push_back({"handlers.<name>.error_rate_budget", KeyKind::share, "",
                    "error rate allowed for that handler"});
    keys.push_back({"sequences.<name>", KeyKind::texts, "",
                    "the steps of a sequence, in the order they must run"});
    describe(keys, "detect.slow", slow_keys());
    describe(keys, "detect.trend", trend_keys());
    describe(keys, "detect.misordered", misordered_keys());
    describe(keys, "detect.untested", untested_keys());
    describe(keys, "detect.errors", errors_keys());
    describe(keys, "code", code_keys());
    describe(keys, "fix", fix_keys());
    describe(keys, "llm", llm_keys());
    describe(keys, "harness", harness_keys());
    describe(keys, "generate", generate_keys());
    describe(keys, "validate", validate_keys());
    describe(keys, "publish", publish_keys());
    describe(keys, "publish.auto_merge", auto_merge_keys());
    describe(keys, "github", github_keys());
    describe(keys, "server", server_keys());
    describe(keys, "server.repositories.<name>", served_repository_keys());
    // The words of the choice keys (their checks in config_sections.cpp accept exactly these;
    // tests/config reads each back).
    for (auto& key : keys) {
        if (key.path == "llm.provider")
            key.choices = {"openai", "anthropic"};
        else if (key.path == "publish.mode")
            key.choices = {"local", "github", "none"};
        else if (key.path == "publish.auto_merge.method")
            key.choices = {"merge", "squash", "rebase"};
    }
    return keys;
}

} // namespace medic
