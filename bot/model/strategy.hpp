#pragma once
// Strategy: how a draft was made — the built-in rule-based fixers, a model, or a diff a person
// gave (medic validate --patch). The first two are what fix.strategies and
// publish.auto_merge.strategies name.

#include <optional>
#include <string_view>

namespace medic {

enum class Strategy { rules, llm, manual };

/// "rules", "llm", "manual": the names in medic.yml, drafts' JSON and reports.
std::string_view to_string(Strategy strategy);
std::optional<Strategy> parse_strategy(std::string_view text);

/// The strategies a configuration may name (a person's diff is not one Medic can choose).
std::optional<Strategy> parse_configurable_strategy(std::string_view text);

} // namespace medic
