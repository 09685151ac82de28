#include "bot/serve/api.hpp"

#include "bot/model/time.hpp"

#include <charconv>

namespace medic::serve {
namespace {

using nlohmann::json;

constexpr int k_default_limit = 50;
constexpr int k_max_limit = 1000;

json ms_or_null(const std::optional<std::chrono::system_clock::time_point>& at) {
    return at ? json(unix_ms(*at)) : json();
}

ApiAnswer bad_request(std::string message) {
    return {400, {{"error", std::move(message)}}};
}

ApiAnswer unavailable(const Error& error) {
    return {503, {{"error", error.message}}};
}

/// ?limit=N: a whole number from 1 to 1000, 50 when absent.
std::optional<int> limit_of(const QueryParameters& query) {
    auto const found = query.find("limit");
    if (found == query.end())
        return k_default_limit;
    int limit = 0;
    auto const& text = found->second;
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (error != std::errc() || end != text.data() + text.size() || limit < 1 ||
        limit > k_max_limit)
        return std::nullopt;
    return limit;
}

json delivery_json(const store::DeliveryRecord& record) {
    return {{"id", record.id},
            {"event", record.event},
            {"action", record.action},
            {"repository", record.repository},
            {"received_ms", unix_ms(record.received)},
            {"duplicates", record.duplicates},
            {"job", record.job ? json(to_string(*record.job)) : json()},
            {"outcome", record.outcome}};
}

json job_json(const store::JobRecord& job) {
    return {{"id", job.id},
            {"delivery", job.delivery_id},
            {"event", job.event},
            {"action", job.action},
            {"repository", job.repository},
            {"state", to_string(job.state)},
            {"attempts", job.attempts},
            {"worker", job.worker.empty() ? json() : json(job.worker)},
            {"enqueued_ms", unix_ms(job.enqueued)},
            {"lease_expires_ms", ms_or_null(job.lease_expires)},
            {"finished_ms", ms_or_null(job.finished)},
            {"outcome", job.outcome}};
}

json published_json(const store::PublishedFix& fix) {
    return {{"repository", fix.repository},
            {"number", fix.number},
            {"branch", fix.branch},
            {"head_sha", fix.head_sha},
            {"anomaly", fix.anomaly},
            {"strategy", fix.strategy},
            {"validated", fix.validated},
            {"diff_lines", fix.diff_lines},
            {"published_ms", unix_ms(fix.recorded)},
            {"conflict", fix.conflict.empty() ? json() : json(fix.conflict)},
            {"handed_over", fix.handed_over.empty() ? json() : json(fix.handed_over)},
            {"proof", fix.proof}};
}

json outcome_json(const store::PullRequestOutcome& outcome) {
    return {{"repository", outcome.repository},
            {"number", outcome.number},
            {"branch", outcome.branch},
            {"merged", outcome.merged},
            {"merge_commit", outcome.merged ? json(outcome.merge_commit) : json()},
            {"closed_ms", unix_ms(outcome.closed)}};
}

} // namespace

ApiAnswer deliveries_answer(store::Store& store, const QueryParameters& query) {
    auto const limit = limit_of(query);
    if (!limit)
        return bad_request("limit must be a whole number from 1 to 1000");
    auto const records = store.recent_deliveries(*limit);
    if (!records)
        return unavailable(records.error());
    auto list = json::array();
    for (auto const& record : *records)
        list.push_back(delivery_json(record));
    return {200, {{"deliveries", list}}};
}

ApiAnswer jobs_answer(store::Store& store, const QueryParameters& query) {
    auto const limit = limit_of(query);
    if (!limit)
        return bad_request("limit must be a whole number from 1 to 1000");
    std::optional<store::JobState> state;
    if (auto const found = query.find("state"); found != query.end()) {
        state = store::parse_job_state(found->second);
        if (!state)
            return bad_request("state must be queued, running, done or failed");
    }
    auto const jobs = store.recent_jobs(*limit, state);
    if (!jobs)
        return unavailable(jobs.error());
    auto list = json::array();
    for (auto const& job : *jobs)
        list.push_back(job_json(job));
    return {200, {{"jobs", list}}};
}

ApiAnswer pull_requests_answer(store::Store& store, const QueryParameters& /*query*/) {
    auto const repositories = store.repositories_with_open_fixes();
    if (!repositories)
        return unavailable(repositories.error());
    auto open = json::array();
    for (auto const& repository : *repositories) {
        auto const fixes = store.open_published_fixes(repository);
        if (!fixes)
            return unavailable(fixes.error());
        for (auto const& fix : *fixes)
            open.push_back(published_json(fix));
    }
    auto const outcomes = store.pull_request_outcomes();
    if (!outcomes)
        return unavailable(outcomes.error());
    auto closed = json::array();
    for (auto const& outcome : *outcomes)
        closed.push_back(outcome_json(outcome));
    return {200, {{"open", open}, {"closed", closed}}};
}

} // namespace medic::serve
