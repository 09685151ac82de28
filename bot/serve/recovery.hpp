#pragma once
// Recovery of deliveries that never reached the server: GitHub does not retry a failed delivery
// by itself, so — once at start and then every interval (serve.cpp runs it as a Periodic) — the
// App's delivery log of the last
// three days (GitHub's redelivery window) is read, and each event none of whose attempts
// succeeded and that the store does not hold is asked for again (it comes back through POST
// /webhook with its original X-GitHub-Delivery, and is recorded then like any other).

#include "bot/http/curl_http_client.hpp"
#include "bot/model/config.hpp"
#include "bot/serve/workers.hpp"
#include "bot/store/store.hpp"

#include <chrono>
#include <optional>

namespace medic::serve {

/// How far back the delivery log is read: GitHub redelivers only within three days.
inline constexpr std::chrono::hours k_redelivery_window{72};

/// One pass: reads the log from `since` on, asks for the missed deliveries again (a refusal is
/// logged and the others still asked for); returns how many were asked for.
Result<int> recover_missed_deliveries(const GitHubConfig& github, store::Store& store,
                                      const http::CurlGlobal& curl, const Log& log,
                                      std::chrono::system_clock::time_point since);

/// The passes a server makes (serve.cpp runs pass() as a Periodic): the first reads the whole
/// redelivery window, each later one only back to the previous successful pass.
class DeliveryRecovery {
public:
    DeliveryRecovery(GitHubConfig github, store::Store& store, const http::CurlGlobal& curl,
                     Log log, std::chrono::milliseconds interval);
    void pass();

private:
    GitHubConfig m_github;
    store::Store& m_store;
    const http::CurlGlobal& m_curl;
    Log m_log;
    std::chrono::milliseconds m_interval;
    std::optional<std::chrono::system_clock::time_point> m_last_pass;
};

} // namespace medic::serve
