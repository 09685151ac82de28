#include "bot/serve/recovery.hpp"

#include "bot/clients/github_session.hpp"
#include "github/hook_deliveries.hpp"

namespace medic::serve {

Result<int> recover_missed_deliveries(const GitHubConfig& github, store::Store& store,
                                      const http::CurlGlobal& curl, const Log& log) {
    MEDIC_TRY(session, clients::open_app_session(github, curl));
    auto& api = *(*session)->api;
    MEDIC_TRY(attempts, github::list_hook_deliveries(api, api.clock().now() - k_redelivery_window));
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
        MEDIC_RETURN_IF_ERROR(github::redeliver(api, attempt.id));
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
      m_interval(interval), m_thread([this](const std::stop_token& stop) { run(stop); }) {}

DeliveryRecovery::~DeliveryRecovery() {
    m_thread.request_stop();
    m_wake.notify_all();
}

void DeliveryRecovery::run(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
        if (auto const pass = recover_missed_deliveries(m_github, m_store, m_curl, m_log); !pass)
            m_log("recovery: " + pass.error().message + " (tried again in " +
                  std::to_string(m_interval.count() / 1000) + " s)");
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, stop, m_interval, [] { return false; });
    }
}

} // namespace medic::serve
