#include "bot/serve/status_page.hpp"

#include "bot/model/time.hpp"
#include "bot/store/outcomes.hpp"

#include <map>

namespace medic::serve {
namespace {

constexpr int k_recent_deliveries = 50;

constexpr std::string_view k_style = R"(
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #1f2328; }
h1 { font-size: 1.6em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .3em .6em; vertical-align: top; }
th { background: #f6f8fa; } tr + tr td { border-top: 1px solid #eaeef2; }
.done { color: #1a7f37; } .failed, .conflict { color: #cf222e; } .queued, .running { color: #9a6700; }
.empty { color: #656d76; font-style: italic; } code { font-size: 12px; }
)";

std::string cell(std::string_view text, std::string_view css_class = "") {
    return css_class.empty()
               ? "<td>" + html_escape(text) + "</td>"
               : "<td class=\"" + std::string(css_class) + "\">" + html_escape(text) + "</td>";
}

std::string header_row(std::initializer_list<std::string_view> names) {
    std::string row = "<tr>";
    for (auto const name : names)
        row += "<th>" + std::string(name) + "</th>";
    return row + "</tr>";
}

/// A section with its id (what a test or a person's bookmark finds), a heading and a table, or
/// a line saying it is empty or could not be read.
std::string section(std::string_view id, std::string_view title, const std::string& head,
                    const std::string& rows, std::string_view when_empty) {
    std::string html =
        "<section id=\"" + std::string(id) + "\"><h2>" + std::string(title) + "</h2>";
    if (rows.empty())
        return html + "<p class=\"empty\">" + std::string(when_empty) + "</p></section>\n";
    return html + "<table>" + head + rows + "</table></section>\n";
}

std::string unreadable(std::string_view id, std::string_view title, const Error& error) {
    return section(id, title, "", "", "the store could not be read: " + html_escape(error.message));
}

std::string queue_section(store::Store& store, const StatusFacts& facts) {
    auto const depth = store.queue_depth();
    if (!depth)
        return unreadable("queue", "Queue", depth.error());
    auto const age = depth->oldest_queued_age
                         ? std::to_string(depth->oldest_queued_age->count()) + " s"
                         : std::string("-");
    std::string const row = "<tr>" + cell(std::to_string(facts.workers)) +
                            cell(std::to_string(depth->queued), depth->queued ? "queued" : "") +
                            cell(std::to_string(depth->running)) + cell(age) + "</tr>";
    return section("queue", "Queue",
                   header_row({"workers", "jobs queued", "jobs running", "oldest queued"}), row,
                   "");
}

std::string installations_section(store::Store& store) {
    auto const installations = store.installations();
    if (!installations)
        return unreadable("installations", "Installations", installations.error());
    std::string rows;
    for (auto const& installation : *installations) {
        std::string repositories;
        for (auto const& repository : installation.repositories)
            repositories += (repositories.empty() ? "" : ", ") + repository;
        rows += "<tr>" + cell(std::to_string(installation.id)) + cell(installation.account) +
                cell(to_string(installation.state)) +
                cell(repositories.empty() ? "all, or not listed yet" : repositories) + "</tr>";
    }
    return section("installations", "Installations",
                   header_row({"installation", "account", "state", "repositories"}), rows,
                   "none yet: install the GitHub App on an account");
}

std::string open_pull_requests_section(store::Store& store) {
    auto const repositories = store.repositories_with_open_fixes();
    if (!repositories)
        return unreadable("pull-requests", "Open pull requests", repositories.error());
    std::string rows;
    for (auto const& repository : *repositories) {
        auto const fixes = store.open_published_fixes(repository);
        if (!fixes)
            return unreadable("pull-requests", "Open pull requests", fixes.error());
        for (auto const& fix : *fixes)
            rows += "<tr>" + cell(fix.repository + "#" + std::to_string(fix.number)) +
                    cell(fix.branch) + cell(fix.strategy) +
                    cell(fix.validated ? "validated" : "partly validated") + cell(fix.proof) +
                    cell(std::to_string(fix.diff_lines)) +
                    cell(fix.conflict.empty() ? "merges cleanly" : fix.conflict,
                         fix.conflict.empty() ? "" : "conflict") +
                    cell(fix.handed_over.empty() ? "Medic" : fix.handed_over) + "</tr>";
    }
    return section("pull-requests", "Open pull requests",
                   header_row({"pull request", "branch", "strategy", "validation", "proof", "lines",
                               "base", "updated by"}),
                   rows, "none open");
}

std::string outcomes_section(store::Store& store) {
    auto const outcomes = store.pull_request_outcomes();
    if (!outcomes)
        return unreadable("outcomes", "Closed pull requests", outcomes.error());
    std::map<std::string, std::pair<int, int>> per_repository; // merged, closed
    for (auto const& outcome : *outcomes) {
        auto& [merged, closed] = per_repository[outcome.repository];
        merged += outcome.merged ? 1 : 0;
        ++closed;
    }
    std::string rows;
    for (auto const& [repository, counts] : per_repository) {
        auto const [merged, closed] = counts;
        rows += "<tr>" + cell(repository) + cell(std::to_string(merged)) +
                cell(std::to_string(closed - merged)) +
                cell(std::to_string(100 * merged / closed) + " %") + "</tr>";
    }
    return section("outcomes", "Closed pull requests",
                   header_row({"repository", "merged", "closed unmerged", "merged share"}), rows,
                   "none closed yet");
}

/// What each strategy achieved (medic outcomes' table).
std::string strategies_section(store::Store& store) {
    auto const attempts = store.attempt_records();
    if (!attempts)
        return unreadable("strategies", "Strategies", attempts.error());
    std::string rows;
    for (auto const& outcome : store::summarise_outcomes(*attempts))
        rows += "<tr>" + cell(outcome.strategy) + cell(std::to_string(outcome.attempts)) +
                cell(std::to_string(outcome.validated)) + cell(std::to_string(outcome.published)) +
                cell(std::to_string(outcome.revised)) + cell(std::to_string(outcome.merged)) +
                cell(std::to_string(outcome.closed_unmerged)) +
                cell(std::to_string(outcome.effective)) + cell(std::to_string(outcome.no_effect)) +
                cell(std::to_string(outcome.worse)) + cell(std::to_string(outcome.reverted)) +
                cell(store::speedup_text(outcome)) + cell(store::production_speedup_text(outcome)) +
                cell(store::time_to_merge_text(outcome)) + "</tr>";
    return section("strategies", "Strategies",
                   header_row({"strategy", "attempts", "validated", "published", "revised",
                               "merged", "closed unmerged", "effective", "no effect", "worse",
                               "reverted", "median speedup", "production speedup", "to merge"}),
                   rows, "no attempt recorded yet");
}

std::string deliveries_section(store::Store& store) {
    auto const deliveries = store.recent_deliveries(k_recent_deliveries);
    if (!deliveries)
        return unreadable("deliveries", "Latest deliveries", deliveries.error());
    std::string rows;
    for (auto const& delivery : *deliveries) {
        auto const state = delivery.job ? std::string(to_string(*delivery.job)) : "ignored";
        auto const received = unix_ms(delivery.received);
        rows += "<tr>" + cell(format_rfc3339_ms(received)) + cell(delivery.id) +
                cell(delivery.event + (delivery.action.empty() ? "" : "." + delivery.action)) +
                cell(delivery.repository) + cell(state, state) + cell(delivery.outcome) + "</tr>";
    }
    return section("deliveries", "Latest deliveries",
                   header_row({"received", "delivery", "event", "repository", "job", "outcome"}),
                   rows, "none yet");
}

} // namespace

std::string html_escape(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char const c : text) {
        switch (c) {
        case '&':
            escaped += "&amp;";
            break;
        case '<':
            escaped += "&lt;";
            break;
        case '>':
            escaped += "&gt;";
            break;
        case '"':
            escaped += "&quot;";
            break;
        case '\'':
            escaped += "&#39;";
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
}

std::string live_telemetry_section(const nlohmann::json& live) {
    std::string rows;
    for (auto const& repository : live.value("repositories", nlohmann::json::array())) {
        std::string found;
        for (auto const& anomaly : repository.value("anomalies", nlohmann::json::array()))
            found += (found.empty() ? "" : "; ") + anomaly.value("kind", "") + " " +
                     anomaly.value("handler", "") + anomaly.value("sequence", "");
        auto const count = [&repository](const char* key) {
            return std::to_string(repository.value(key, std::uint64_t{0}));
        };
        auto const judged = repository.value("judged_at", nlohmann::json());
        rows += "<tr>" + cell(repository.value("repository", "")) +
                cell(repository.value("window_started", "")) + cell(count("spans")) +
                cell(count("log_records")) + cell(count("malformed")) +
                cell(judged.is_string() ? judged.get<std::string>() : "-") +
                cell(found.empty() ? "-" : found) + cell(repository.value("last_run", "")) +
                "</tr>";
    }
    return section("live-telemetry", "Live telemetry",
                   header_row({"repository", "window since", "spans", "log records", "malformed",
                               "judged", "anomalies", "pipeline"}),
                   rows, "no repository sends live telemetry (server.repositories)");
}

std::string render_status_page(store::Store& store, const StatusFacts& facts) {
    auto const now = unix_ms(facts.now);
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Medic</title>"
           "<meta name=\"viewport\" content=\"width=device-width\"><style>" +
           std::string(k_style) + "</style></head><body>\n<h1>Medic</h1><p>As of " +
           format_rfc3339_ms(now) +
           ". The same as JSON: <a href=\"/api/deliveries\">/api/deliveries</a>, "
           "<a href=\"/api/jobs\">/api/jobs</a>, <a href=\"/api/pull-requests\">/api/pull-requests"
           "</a>, <a href=\"/api/telemetry\">/api/telemetry</a>; metrics: <a "
           "href=\"/metrics\">/metrics</a>.</p>\n" +
           queue_section(store, facts) + installations_section(store) +
           open_pull_requests_section(store) + outcomes_section(store) + strategies_section(store) +
           deliveries_section(store) + live_telemetry_section(facts.live) + "</body></html>\n";
}

} // namespace medic::serve
