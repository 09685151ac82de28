#include "bot/serve/event_processing.hpp"

#include "bot/learn/production_check.hpp"
#include "bot/model/json.hpp"
#include "bot/model/json_fields.hpp"
#include "bot/model/text.hpp"
#include "bot/model/time.hpp"
#include "bot/serve/fix_files.hpp"
#include "bot/serve/production_comment.hpp"
#include "bot/serve/production_watch.hpp"
#include "github/policy.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace medic::serve {
namespace {

using nlohmann::json;

std::int64_t id_of(const json& object) {
    return static_cast<std::int64_t>(number_field(object, "id").value_or(0));
}

std::vector<std::string> repository_names(const json& payload, std::string_view key) {
    std::vector<std::string> names;
    for (auto const& repository : array_field(payload, key))
        if (auto name = string_field(repository, "full_name"))
            names.push_back(*name);
    return names;
}

struct InstallationRef {
    std::int64_t id = 0;
    std::string account;
};

Result<InstallationRef> installation_of(const json& payload) {
    const json* installation = field(payload, "installation");
    if (installation == nullptr || id_of(*installation) <= 0)
        return fail(ErrorCode::invalid_input, "the payload names no installation");
    const json* account = field(*installation, "account");
    return InstallationRef{id_of(*installation),
                           account ? string_field(*account, "login").value_or("") : ""};
}

Result<std::string> on_installation(const json& payload, std::string_view action,
                                    store::Store& store) {
    MEDIC_TRY(ref, installation_of(payload));
    auto state = store::InstallationState::active;
    if (action == "deleted")
        state = store::InstallationState::deleted;
    else if (action == "suspend")
        state = store::InstallationState::suspended;
    bool const lists = field(payload, "repositories") != nullptr;
    store::Installation installation{ref->id, ref->account, state,
                                     repository_names(payload, "repositories")};
    MEDIC_RETURN_IF_ERROR(store.record_installation(installation, lists || action == "deleted"));
    return "installation " + std::to_string(ref->id) + " (" + ref->account + ") " +
           std::string(to_string(state)) +
           (lists ? ", " + std::to_string(installation.repositories.size()) + " repositories"
                  : std::string());
}

Result<std::string> on_installation_repositories(const json& payload, store::Store& store) {
    MEDIC_TRY(ref, installation_of(payload));
    auto const added = repository_names(payload, "repositories_added");
    auto const removed = repository_names(payload, "repositories_removed");
    MEDIC_RETURN_IF_ERROR(
        store.change_installation_repositories(ref->id, ref->account, added, removed));
    return "installation " + std::to_string(ref->id) + ": " + std::to_string(added.size()) +
           " repositories added, " + std::to_string(removed.size()) + " removed";
}

/// Medic's pull request `number` as the store has it, while no end of it is recorded (read
/// before recording the end: the store then no longer lists it as open); none otherwise (not
/// Medic's, or this event delivered again).
Result<std::optional<store::PublishedFix>>
open_fix(store::Store& store, const std::string& repository, std::int64_t number) {
    MEDIC_TRY(fixes, store.open_published_fixes(repository));
    auto const fix = std::ranges::find(*fixes, number, &store::PublishedFix::number);
    if (fix == fixes->end())
        return std::nullopt;
    return *fix;
}

/// A merged fix waits for production to judge it (bot/learn/production_check.hpp), with its
/// anomaly as the report described it before the fix. Returns what the outcome line says.
Result<std::string> await_production(store::Store& store, const store::PublishedFix& fix,
                                     const store::PullRequestOutcome& outcome) {
    auto const described = published_anomaly(fix);
    Anomaly anomaly;
    try {
        anomaly = described.get<Anomaly>();
    } catch (const nlohmann::json::exception&) {
        return std::string("; no production check: its run kept no anomaly report");
    }
    if (!learn::calls_before(anomaly))
        return "; no production check: a " + std::string(to_string(anomaly.kind)) +
               " anomaly's evidence holds no calls to compare with";
    store::ProductionCheck check;
    check.repository = fix.repository;
    check.pull_request = fix.number;
    check.anomaly = anomaly.id;
    check.kind = std::string(to_string(anomaly.kind));
    check.handler = anomaly.handler;
    check.merge_commit = outcome.merge_commit;
    check.merged = outcome.closed;
    check.before = described.dump();
    MEDIC_RETURN_IF_ERROR(store.record_production_check(check));
    return std::string("; waiting for production telemetry after the merge");
}

Result<std::string> on_pull_request_closed(const json& payload, const store::Job& job,
                                           store::Store& store) {
    const json* pull = field(payload, "pull_request");
    const json* head = pull ? field(*pull, "head") : nullptr;
    auto const branch = head ? string_field(*head, "ref").value_or("") : "";
    auto const number = pull ? number_field(*pull, "number").value_or(0) : 0;
    if (pull == nullptr || number <= 0 || job.repository.empty())
        return fail(ErrorCode::invalid_input, "the payload names no pull request");
    if (!branch.starts_with(github::k_branch_prefix))
        return "pull request #" + std::to_string(static_cast<std::int64_t>(number)) +
               " is not Medic's (branch " + branch + "): nothing to record";
    bool const merged = bool_field(*pull, "merged", false);
    store::PullRequestOutcome outcome{job.repository,
                                      static_cast<std::int64_t>(number),
                                      branch,
                                      merged,
                                      merged ? string_field(*pull, "merge_commit_sha").value_or("")
                                             : "",
                                      {}};
    // GitHub's own time of closing; a payload without one is refused rather than guessed.
    auto const closed_ms = parse_rfc3339_ms(string_field(*pull, "closed_at").value_or(""));
    if (!closed_ms)
        return fail(ErrorCode::invalid_input, "the pull request has no closed_at time");
    outcome.closed = time_at_unix_ms(*closed_ms);
    MEDIC_TRY(fix, open_fix(store, job.repository, outcome.number));
    std::string more;
    const json* head_repository = head ? field(*head, "repo") : nullptr;
    bool const from_here =
        head_repository == nullptr ||
        string_field(*head_repository, "full_name").value_or("") == job.repository;
    if (auto const reverted = reverted_pull_request(branch); reverted && merged && from_here) {
        // Medic's revert of a fix production found worse, merged: that fix is reverted.
        MEDIC_RETURN_IF_ERROR(store.record_reverted(job.repository, *reverted));
        more = "; #" + std::to_string(*reverted) + " reverted";
    }
    if (*fix) {
        const json* sender = field(payload, "sender");
        MEDIC_TRY(recorded,
                  record_fix_end(store, **fix, outcome,
                                 sender ? string_field(*sender, "login").value_or("") : ""));
        more = std::move(*recorded);
    } else {
        MEDIC_RETURN_IF_ERROR(store.record_pull_request_outcome(outcome));
    }
    return job.repository + "#" + std::to_string(outcome.number) +
           (merged ? " merged" : " closed unmerged") + more;
}

/// check_suite / check_run completed: the merge decision for each of Medic's open pull requests
/// whose validated head is the commit the checks ran on. Commits that are not (nearly all of
/// them) cost one look into the store and no call to GitHub.
Result<std::string> on_checks_completed(const json& payload, const store::Job& job,
                                        store::Store& store, RepositoryActions& actions) {
    const json* checks = field(payload, job.event);
    auto const head_sha = checks ? string_field(*checks, "head_sha").value_or("") : "";
    if (head_sha.empty() || job.repository.empty())
        return fail(ErrorCode::invalid_input, "the payload names no repository and head commit");
    MEDIC_TRY(fixes, store.open_published_fixes(job.repository, head_sha));
    if (fixes->empty())
        return "no open Medic pull request at " + head_sha.substr(0, 12) + ": nothing to decide";
    MEDIC_TRY(installation, installation_of(payload));
    std::string decisions;
    for (auto const& fix : *fixes) {
        MEDIC_TRY(decision,
                  actions.decide_merge({job.delivery_id, job.repository, installation->id, fix}));
        decisions += (decisions.empty() ? "" : "; ") + *decision;
    }
    return decisions;
}

/// A push to the branch of one of Medic's open pull requests: Medic's own (its head is the one
/// recorded), or a person's, who takes the pull request over.
Result<std::string> on_branch_push(const json& payload, const store::Job& job, store::Store& store,
                                   RepositoryActions& actions, std::string_view branch) {
    MEDIC_TRY(fixes, store.open_published_fixes(job.repository));
    auto const fix = std::ranges::find(*fixes, branch, &store::PublishedFix::branch);
    if (fix == fixes->end())
        return "push to " + std::string(branch) + ": no open Medic pull request";
    auto const after = string_field(payload, "after").value_or("");
    if (bool_field(payload, "deleted", false))
        return "push deleted " + std::string(branch) + ": the pull request's closing records it";
    if (after == fix->head_sha)
        return "push to " + std::string(branch) + ": Medic's own";
    if (!fix->handed_over.empty())
        return "push to " + std::string(branch) + ": handed over to " + fix->handed_over +
               " already";
    const json* sender = field(payload, "sender");
    CommandAuthor pusher{sender ? string_field(*sender, "login").value_or("") : "",
                         sender ? string_field(*sender, "type").value_or("User") : "User"};
    // Medic's own pushes (whose events may arrive late or out of order) and other bots' are no
    // person taking the pull request over; a bot's commit still stops Medic's lease.
    if (is_bot(pusher))
        return "push to " + std::string(branch) + " by " + pusher.login + ": not a person's";
    MEDIC_TRY(installation, installation_of(payload));
    return actions.hand_over(
        {job.delivery_id, job.repository, installation->id, *fix, after, pusher.login});
}

/// push: to the default branch (which of Medic's pull requests now conflict), or to one of
/// Medic's branches (a person's push hands the pull request over).
Result<std::string> on_push(const json& payload, const store::Job& job, store::Store& store,
                            RepositoryActions& actions) {
    const json* repository = field(payload, "repository");
    auto const ref = string_field(payload, "ref").value_or("");
    constexpr std::string_view heads = "refs/heads/";
    if (ref.starts_with(heads) && ref.substr(heads.size()).starts_with(github::k_branch_prefix) &&
        !job.repository.empty())
        return on_branch_push(payload, job, store, actions,
                              std::string_view(ref).substr(heads.size()));
    auto const default_branch =
        repository ? string_field(*repository, "default_branch").value_or("") : "";
    if (ref.empty() || default_branch.empty() || job.repository.empty())
        return fail(ErrorCode::invalid_input, "the payload names no ref and default branch");
    if (ref != "refs/heads/" + default_branch)
        return "push to " + ref + ": not the default branch";
    if (bool_field(payload, "deleted", false))
        return "the default branch was deleted: nothing to compare with";
    MEDIC_TRY(fixes, store.open_published_fixes(job.repository));
    if (fixes->empty())
        return "no open Medic pull request in " + job.repository;
    MEDIC_TRY(installation, installation_of(payload));
    return actions.mark_conflicts(
        {job.delivery_id, job.repository, installation->id, std::move(*fixes)});
}

/// client_payload.anomaly_report_artifact as text: an artifact id (a number) or its URL.
std::string artifact_reference(const json& client) {
    const json* reference = field(client, "anomaly_report_artifact");
    if (reference == nullptr)
        return {};
    if (reference->is_number_integer())
        return std::to_string(reference->get<std::int64_t>());
    return reference->is_string() ? reference->get<std::string>() : std::string();
}

/// repository_dispatch: the anomaly report travels in client_payload.anomaly_report, or (too
/// large for a dispatch) in the workflow artifact client_payload.anomaly_report_artifact names.
Result<std::string> on_anomaly_report(const json& payload, const store::Job& job,
                                      RepositoryActions& actions) {
    const json* client = field(payload, "client_payload");
    const json* report = client ? field(*client, "anomaly_report") : nullptr;
    auto const artifact = client ? artifact_reference(*client) : std::string();
    if ((report == nullptr || !report->is_object()) && artifact.empty())
        return fail(ErrorCode::invalid_input,
                    "client_payload.anomaly_report is missing: send the report medic detect "
                    "wrote as that field, or the workflow artifact holding it as "
                    "anomaly_report_artifact (its id or URL)");
    if (job.repository.empty())
        return fail(ErrorCode::invalid_input, "the payload names no repository");
    MEDIC_TRY(installation, installation_of(payload));
    ReportRun run{job.delivery_id,
                  job.repository,
                  installation->id,
                  report && report->is_object() ? *report : json(),
                  artifact,
                  string_field(*client, "anomaly_report_file").value_or(""),
                  job.event == "repository_dispatch"};
    return actions.run_report(run);
}

/// issue_comment created: a `/medic` command on one of Medic's open pull requests. Comments on
/// issues, on other pull requests, and without a command change nothing.
Result<std::string> on_issue_comment(const json& payload, const store::Job& job,
                                     store::Store& store, RepositoryActions& actions) {
    const json* issue = field(payload, "issue");
    const json* comment = field(payload, "comment");
    const json* user = comment ? field(*comment, "user") : nullptr;
    if (issue == nullptr || comment == nullptr || user == nullptr || job.repository.empty())
        return fail(ErrorCode::invalid_input, "the payload names no issue, comment and author");
    auto const number = static_cast<std::int64_t>(number_field(*issue, "number").value_or(0));
    if (field(*issue, "pull_request") == nullptr)
        return "a comment on issue #" + std::to_string(number) + ": nothing to do";
    auto const command = parse_medic_command(string_field(*comment, "body").value_or(""));
    if (!command)
        return "no /medic command in the comment on #" + std::to_string(number);
    MEDIC_TRY(fixes, store.open_published_fixes(job.repository));
    auto const fix = std::ranges::find(*fixes, number, &store::PublishedFix::number);
    if (fix == fixes->end())
        return "#" + std::to_string(number) +
               " is not one of Medic's open pull requests: " + "/medic " + command->word +
               " ignored";
    MEDIC_TRY(installation, installation_of(payload));
    CommandAuthor author{string_field(*user, "login").value_or(""),
                         string_field(*user, "type").value_or("User")};
    return actions.answer_command({job.delivery_id, job.repository, installation->id, *fix,
                                   id_of(*comment), std::move(author), *command});
}

/// pull_request_review submitted: a review that requests changes on one of Medic's open pull
/// requests is a `revise` with the review's words (and its line comments, which the action
/// reads); an approval changes nothing by itself (merging stays the policy's).
Result<std::string> on_review(const json& payload, const store::Job& job, store::Store& store,
                              RepositoryActions& actions) {
    const json* review = field(payload, "review");
    const json* pull = field(payload, "pull_request");
    const json* user = review ? field(*review, "user") : nullptr;
    if (review == nullptr || pull == nullptr || user == nullptr || job.repository.empty())
        return fail(ErrorCode::invalid_input,
                    "the payload names no review, pull request and author");
    auto const number = static_cast<std::int64_t>(number_field(*pull, "number").value_or(0));
    auto const state = ascii_lowercase(string_field(*review, "state").value_or(""));
    if (state != "changes_requested")
        return "review of #" + std::to_string(number) + " (" + state + "): nothing to do";
    MEDIC_TRY(fixes, store.open_published_fixes(job.repository));
    auto const fix = std::ranges::find(*fixes, number, &store::PublishedFix::number);
    if (fix == fixes->end())
        return "#" + std::to_string(number) + " is not one of Medic's open pull requests";
    MEDIC_TRY(installation, installation_of(payload));
    CommandAuthor author{string_field(*user, "login").value_or(""),
                         string_field(*user, "type").value_or("User")};
    MedicCommand revise{CommandKind::revise, "revise", false,
                        string_field(*review, "body").value_or("")};
    return actions.answer_command({job.delivery_id, job.repository, installation->id, *fix, 0,
                                   std::move(author), std::move(revise), id_of(*review)});
}

Result<std::string> on_production_verdict(const json& payload, const store::Job& job,
                                          RepositoryActions& actions) {
    // No installation known when the verdict was queued: the worker looks it up (0).
    auto const installation = installation_of(payload);
    auto const number = number_field(payload, "pull_request").value_or(0);
    if (number <= 0 || job.repository.empty())
        return fail(ErrorCode::invalid_input, "the verdict names no pull request");
    return actions.tell_production({job.delivery_id, job.repository,
                                    installation ? installation->id : 0,
                                    static_cast<std::int64_t>(number)});
}

} // namespace

Result<std::string> record_fix_end(store::Store& store, const store::PublishedFix& fix,
                                   const store::PullRequestOutcome& outcome,
                                   std::string_view closer) {
    std::string more;
    if (outcome.merged) {
        MEDIC_TRY(waiting, await_production(store, fix, outcome));
        more = std::move(*waiting);
    } else { // a reviewer's rejection: its change is never proposed again
        MEDIC_RETURN_IF_ERROR(
            record_rejection(store, fix,
                             "pull request #" + std::to_string(fix.number) + ", closed unmerged" +
                                 (closer.empty() ? "" : " by " + std::string(closer))));
    }
    MEDIC_RETURN_IF_ERROR(store.record_pull_request_outcome(outcome));
    return more;
}

Result<std::string> process_job(const store::Job& job, store::Store& store,
                                RepositoryActions& actions) {
    auto const payload = json::parse(job.payload, nullptr, false);
    if (payload.is_discarded() || !payload.is_object())
        return fail(ErrorCode::invalid_input, "the recorded payload is not a JSON object");
    if (job.event == "ping")
        return "pong: hook " + std::to_string(static_cast<std::int64_t>(
                                   number_field(payload, "hook_id").value_or(0)));
    if (job.event == "installation")
        return on_installation(payload, job.action, store);
    if (job.event == "installation_repositories")
        return on_installation_repositories(payload, store);
    if (job.event == "pull_request" && job.action == "closed")
        return on_pull_request_closed(payload, job, store);
    if ((job.event == "repository_dispatch" || job.event == k_live_telemetry_event) &&
        job.action == k_anomaly_report_event)
        return on_anomaly_report(payload, job, actions);
    if ((job.event == "check_suite" || job.event == "check_run") && job.action == "completed")
        return on_checks_completed(payload, job, store, actions);
    if (job.event == "push")
        return on_push(payload, job, store, actions);
    if (job.event == "issue_comment" && job.action == "created")
        return on_issue_comment(payload, job, store, actions);
    if (job.event == "pull_request_review" && job.action == "submitted")
        return on_review(payload, job, store, actions);
    if (job.event == k_production_event)
        return on_production_verdict(payload, job, actions);
    return fail(ErrorCode::invalid_input, "no worker processes " + job.event + " events yet");
}

} // namespace medic::serve
