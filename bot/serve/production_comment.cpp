#include "bot/serve/production_comment.hpp"

#include "bot/serve/app_actions.hpp"
#include "bot/serve/repository_access.hpp"
#include "generators/docs/markdown.hpp"
#include "github/pull_requests.hpp"

#include <algorithm>
#include <cstdio>

namespace medic::serve {
namespace {

/// The merge commit's first 12 hex digits; "<merge commit>" when the payload gave no hex id.
std::string short_commit(std::string_view sha) {
    if (sha.size() < 7 || sha.find_first_not_of("0123456789abcdef") != std::string_view::npos)
        return "<merge commit>";
    return std::string(sha.substr(0, 12));
}

std::string speedup_text(double speedup) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", speedup);
    return text;
}

} // namespace

std::string production_marker(std::int64_t pull_request) {
    return "<!-- medic:production:" + std::to_string(pull_request) + " -->";
}

std::string production_comment(const store::ProductionCheck& check,
                               const std::optional<RevertPull>& revert) {
    auto const handler = inline_code(check.handler.empty() ? check.anomaly : check.handler);
    std::string body = production_marker(check.pull_request) + "\n";
    body += "### Production after the merge: " + check.verdict + "\n\n";
    body += handler + " " + markdown_prose(check.reason) + ".\n\n";
    if (check.speedup > 0)
        body += "Production speedup (median before / after the merge): **" +
                speedup_text(check.speedup) + "**.\n\n";
    if (check.verdict == "worse" && revert && revert->number > 0)
        body += "This change made production worse: Medic opened #" +
                std::to_string(revert->number) +
                " to revert it (built and tested). Merge it unless the measurement is wrong; "
                "Medic ranks this strategy lower for such anomalies.\n";
    else if (check.verdict == "worse")
        body += "This change made production worse, and Medic's revert " +
                (revert ? "did not pass: " + markdown_prose(revert->refusal) + ". "
                        : std::string("was not tried. ")) +
                "Revert it by hand (`git revert -m 1 " + short_commit(check.merge_commit) +
                "` for a merge commit, without `-m 1` for a squashed one) unless the "
                "measurement is wrong.\n";
    else if (check.verdict == "no effect")
        body += "The handler did not change measurably. The change stays merged; Medic records "
                "it as without effect and ranks its strategy lower for such anomalies.\n";
    else
        body += "Medic records this fix as effective.\n";
    return body;
}

Result<std::string> GitHubAppActions::tell_production(const ProductionTold& told) {
    MEDIC_TRY(checks, m_store.production_checks());
    auto const check = std::ranges::find_if(*checks, [&](const store::ProductionCheck& each) {
        return each.repository == told.repository && each.pull_request == told.pull_request;
    });
    auto const name = told.repository + "#" + std::to_string(told.pull_request);
    if (check == checks->end() || check->verdict.empty())
        return name + ": no production verdict recorded";
    std::lock_guard repository_lock(lock_for(told.repository));
    std::optional<RevertPull> revert;
    if (check->verdict == "worse" && check->revert > 0) {
        revert = RevertPull{check->revert, ""}; // opened before this job was taken again
    } else if (check->verdict == "worse") {
        // The comment goes out whatever happened to the revert: a failed job is not retried.
        auto opened = open_revert(*check, told.installation_id);
        revert = opened ? std::move(*opened)
                        : RevertPull{0, "it could not be tried: " + opened.error().message};
    }
    MEDIC_TRY(access, open_repository_api(m_server_config, m_state_dir, m_curl, told.repository,
                                          told.installation_id, m_metrics));
    auto const marker = production_marker(told.pull_request);
    MEDIC_RETURN_IF_ERROR(github::ensure_comment(access->api(), access->ref,
                                                 static_cast<int>(told.pull_request), marker,
                                                 production_comment(*check, revert)));
    return name + " told: production after the merge " + check->verdict +
           (!revert              ? ""
            : revert->number > 0 ? "; revert #" + std::to_string(revert->number) + " opened"
                                 : "; no revert: " + revert->refusal);
}

} // namespace medic::serve
