#include "bot/serve/recovery.hpp"

#include "bot/clients/github_session.hpp"
#include "github/hook_deliveries.hpp"

namespace medic::serve {

Result<int> recover_missed_deliveries(const GitHubConfig& github, store::Store& store,
                                      const http::CurlGlobal& curl, const Log& log,
                                      std::chrono::system_clock::time_point since) {
    MEDIC_TRY(session, clients::open_app_session(github, curl));
    auto& api = *(*session)->api;
    MEDIC_TRY(attempts, github::list_hook_deliveries(api, since));
    if (attempts->size() >= github::k_max_listed_deliveries)
        log("recovery: the delivery log holds more than " +
            std::to_string(github::k_max_listed_deliveries) +
            " attempts since the last pass; older ones were not read");
    bool store_failed = false;
    auto const recorded = [&](const std::string& guid) {
        auto const held = store.delivery(guid);
        store_failed = store_failed || !held;
        return !held || held->has_value(); // unsure: do not ask GitHub for it
    };
    auto const missed = github::attempts_to_redeliver(*attempts, recorded);
    if (store_failed)
        return fail(ErrorCode::unavailable, "the store could not be read");
    for (auto const& attempt : missed) {
        if (auto asked = github::redeliver(api, attempt.id); !asked) {
            log("recovery: GitHub would not deliver " + attempt.guid +
                " again: " + asked.error().message);
            continue;
        }
        log("recovery: asked GitHub to deliver " + attempt.guid + " (" + attempt.event +
            (attempt.action.empty() ? "" : "." + attempt.action) + ") again; its last attempt " +
            (attempt.status_code == 0 ? std::string("got no answer")
                                      : "got " + std::to_string(attempt.status_code)));
    }
    return static_cast<int>(missed.size());
}

DeliveryRecovery::DeliveryRecovery(GitHubConfig github, store::Store& store,
                                   const http::CurlGlobal& curl, Log log,
                                   std::chrono::milliseconds interval)
    : m_github(std::move(github)), m_store(store), m_curl(curl), m_log(std::move(log)),
      m_interval(interval) {}

void DeliveryRecovery::pass() {
    auto const started = std::chrono::system_clock::now();
    // The first pass reads all GitHub still redelivers; later ones from the previous pass on,
    // with an hour's margin for attempts logged late.
    auto const since = m_last_pass ? *m_last_pass - std::chrono::hours(1) - m_interval
                                   : started - k_redelivery_window;
    auto const done = recover_missed_deliveries(m_github, m_store, m_curl, m_log,
                                                std::max(since, started - k_redelivery_window));
    if (!done) {
        m_log("recovery: " + done.error().message);
        return;
    }
    m_last_pass = started;
}

} // namespace medic::serve
