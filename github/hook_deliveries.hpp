#pragma once
// The App's webhook deliveries as GitHub logged them, and asking for one again — how a server
// that was down or unreachable recovers the events it missed, since GitHub never retries a
// failed delivery by itself (GET /app/hook/deliveries and POST
// /app/hook/deliveries/{id}/attempts, both authenticated with the App's JWT: AppJwtSource).

#include "github/api_client.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace medic::github {

/// One attempt GitHub made to deliver an event (a redelivery is a new attempt of the same
/// event: the same guid).
struct HookDeliveryAttempt {
    std::int64_t id = 0; ///< This attempt's id: what a redelivery names.
    std::string guid;    ///< X-GitHub-Delivery, shared by every attempt of one event.
    std::chrono::system_clock::time_point delivered_at;
    bool redelivery = false;
    int status_code = 0; ///< The receiver's HTTP status; 0 when it never answered.
    std::string event;
    std::string action;

    [[nodiscard]] bool succeeded() const { return status_code >= 200 && status_code <= 299; }
};

/// At most this many attempts are read in one listing (100 pages).
inline constexpr std::size_t k_max_listed_deliveries = 10'000;

/// The attempts GitHub logged at or after `since`, newest first (GitHub's order), at most
/// k_max_listed_deliveries. Attempts GitHub lists in a form Medic cannot read are left out.
Result<std::vector<HookDeliveryAttempt>>
list_hook_deliveries(GitHubApi& api, std::chrono::system_clock::time_point since);

/// Asks GitHub to send attempt `id`'s event again (it keeps its guid).
Result<void> redeliver(GitHubApi& api, std::int64_t id);

/// After this many failed redeliveries of one event, Medic stops asking: the receiver refuses
/// it for a reason a retry does not change (a secret that was rotated, a body over the limit).
inline constexpr int k_max_redeliveries = 3;

/// Which attempts to redeliver: for each event none of whose attempts succeeded and that
/// `recorded` (the store) does not hold, its newest attempt — unless it was redelivered
/// k_max_redeliveries times already. GitHub's recommended recovery, as a pure decision.
std::vector<HookDeliveryAttempt>
attempts_to_redeliver(const std::vector<HookDeliveryAttempt>& attempts,
                      const std::function<bool(const std::string& guid)>& recorded);

} // namespace medic::github
