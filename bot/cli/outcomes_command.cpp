#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/store/outcomes.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace medic::cli {
namespace {

struct OutcomesOptions {
    std::string state_dir = "medic-state";
    bool json = false;
};

void print_table(const std::vector<store::StrategyOutcome>& outcomes) {
    if (outcomes.empty()) {
        std::cout << "No attempts recorded yet.\n";
        return;
    }
    std::printf("%-30s %8s %9s %9s %7s %6s %6s %9s %6s %5s %8s %8s %10s %8s\n", "strategy",
                "attempts", "validated", "published", "revised", "merged", "closed", "effective",
                "no eff", "worse", "reverted", "speedup", "production", "to merge");
    for (auto const& outcome : outcomes)
        std::printf("%-30s %8d %9d %9d %7d %6d %6d %9d %6d %5d %8d %8s %10s %8s\n",
                    outcome.strategy.c_str(), outcome.attempts, outcome.validated,
                    outcome.published, outcome.revised, outcome.merged, outcome.closed_unmerged,
                    outcome.effective, outcome.no_effect, outcome.worse, outcome.reverted,
                    store::speedup_text(outcome).c_str(),
                    store::production_speedup_text(outcome).c_str(),
                    store::time_to_merge_text(outcome).c_str());
}

int run_outcomes(const OutcomesOptions& options) {
    auto const file = std::filesystem::path(options.state_dir) / "medic.sqlite3";
    if (!std::filesystem::exists(file))
        return stop_with("outcomes", "no store at " + file.string() +
                                         ": give the state directory medic serve runs on "
                                         "(--state-dir)");
    auto store = store::Store::open(file, wall_clock());
    if (!store)
        return stop_with("outcomes", store.error().message);
    auto const attempts = store->attempt_records();
    if (!attempts)
        return stop_with("outcomes", attempts.error().message);
    auto const outcomes = store::summarise_outcomes(*attempts);
    if (options.json)
        std::cout << store::outcomes_report(outcomes).dump(2) << "\n";
    else
        print_table(outcomes);
    return k_exit_ok;
}

} // namespace

void add_outcomes_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<OutcomesOptions>();
    auto* command = app.add_subcommand(
        "outcomes", "What each fix strategy achieved: attempts, validated, merged, closed");
    command->add_option("--state-dir", options->state_dir,
                        "The state directory of medic serve (default: medic-state)");
    command->add_flag("--json", options->json, "Write medic.outcomes/v1 JSON instead of a table");
    command->footer(R"(Every fix medic serve tries is recorded with its strategy (rules/<check> or
llm/<provider>:<model>), what validation said, and its fate over time: published, revised (a
different change replaced it on its pull request), validated again, merged, closed unmerged.
This prints, per strategy: attempts, validated, published, revised, merged, closed unmerged, the
median benchmark speedup of the validated ones, and the median time from attempt to merge.

Examples:
  medic outcomes --state-dir /var/lib/medic
  medic outcomes --state-dir /var/lib/medic --json | jq '.strategies[0]'

Exit codes: 0 printed, 2 no store there (or unreadable).)");
    command->callback([options, &exit_code] { exit_code = run_outcomes(*options); });
}

} // namespace medic::cli
