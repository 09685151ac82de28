// The re-read of Medic's open pull requests: a pull_request closed event that never arrived, or
// checks that completed while no check_suite event reached the server, are made good within one
// interval. GitHub's answer is the truth; the store follows it.

#include "bot/model/json_fields.hpp"
#include "bot/model/time.hpp"
#include "bot/serve/app_actions.hpp"
#include "bot/serve/merge_decision.hpp"

namespace medic::serve {
namespace {

/// How the pull request ended, from GitHub's pull-request object.
Result<store::PullRequestOutcome> outcome_of(const store::PublishedFix& fix,
                                             const nlohmann::json& pull) {
    auto const closed_ms = parse_rfc3339_ms(string_field(pull, "closed_at").value_or(""));
    if (!closed_ms)
        return fail(ErrorCode::invalid_input,
                    pull_name(fix) + " is closed but GitHub gives no closed_at time");
    bool const merged =
        bool_field(pull, "merged", false) || !string_field(pull, "merged_at").value_or("").empty();
    return store::PullRequestOutcome{fix.repository,
                                     fix.number,
                                     fix.branch,
                                     merged,
                                     merged ? string_field(pull, "merge_commit_sha").value_or("")
                                            : "",
                                     time_at_unix_ms(*closed_ms)};
}

} // namespace

Result<std::string> GitHubAppActions::reread_open_pull_requests(const std::string& repository) {
    std::lock_guard repository_lock(lock_for(repository));
    MEDIC_TRY(fixes, m_store.open_published_fixes(repository));
    if (fixes->empty())
        return repository + ": no open Medic pull request";
    MEDIC_TRY(access,
              open_repository(m_server_config, m_state_dir, m_curl, repository, 0, m_metrics));
    std::string lines;
    for (auto const& fix : *fixes) {
        MEDIC_TRY(json,
                  access->api().get(access->ref.path() + "/pulls/" + std::to_string(fix.number)));
        auto const pull = github::pull_request_from_json(*json);
        std::string line;
        if (pull.state != "open") {
            MEDIC_TRY(outcome, outcome_of(fix, *json));
            MEDIC_TRY(more, record_fix_end(m_store, fix, *outcome, ""));
            line = pull_name(fix) + (outcome->merged ? " merged" : " closed unmerged") +
                   " (recorded on a re-read)" + *more;
        } else if (pull.head_sha != fix.head_sha) {
            line = pull_name(fix) + ": its head is " + pull.head_sha.substr(0, 12) +
                   ", not the validated " + fix.head_sha.substr(0, 12);
        } else {
            MEDIC_TRY(decided, decide_on_pull(*access, fix, pull));
            line = *decided;
        }
        lines += (lines.empty() ? "" : "; ") + line;
    }
    return lines;
}

void reread_all_open_pull_requests(GitHubAppActions& actions, store::Store& store, const Log& log) {
    auto const repositories = store.repositories_with_open_fixes();
    if (!repositories) {
        log("re-read: " + repositories.error().message);
        return;
    }
    for (auto const& repository : *repositories) {
        auto const done = actions.reread_open_pull_requests(repository);
        log("re-read: " + (done ? *done : repository + ": " + done.error().message));
    }
}

} // namespace medic::serve
