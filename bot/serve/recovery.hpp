#pragma once
// Recovery of deliveries that never reached the server: GitHub does not retry a failed delivery
// by itself, so — once at start and then every interval — the App's delivery log of the last
// three days (GitHub's redelivery window) is read, and each event none of whose attempts
// succeeded and that the store does not hold is asked for again (it comes back through POST
// /webhook with its original X-GitHub-Delivery, and is recorded then like any other).

#include "bot/http/curl_http_client.hpp"
#include "bot/model/config.hpp"
#include "bot/serve/workers.hpp"
#include "bot/store/store.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace medic::serve {

/// How far back the delivery log is read: GitHub redelivers only within three days.
inline constexpr std::chrono::hours k_redelivery_window{72};

/// One pass: reads the log, asks for the missed deliveries again; returns how many.
Result<int> recover_missed_deliveries(const GitHubConfig& github, store::Store& store,
                                      const http::CurlGlobal& curl, const Log& log);

/// Runs recover_missed_deliveries at start and every `interval` on its own thread, until
/// destroyed. A failed pass is logged and tried again at the next interval.
class DeliveryRecovery {
public:
    DeliveryRecovery(GitHubConfig github, store::Store& store, const http::CurlGlobal& curl,
                     Log log, std::chrono::milliseconds interval);
    DeliveryRecovery(const DeliveryRecovery&) = delete;
    DeliveryRecovery& operator=(const DeliveryRecovery&) = delete;
    ~DeliveryRecovery();

private:
    void run(const std::stop_token& stop);

    GitHubConfig m_github;
    store::Store& m_store;
    const http::CurlGlobal& m_curl;
    Log m_log;
    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::jthread m_thread; ///< Last: started once everything it reads is set.
};

} // namespace medic::serve
