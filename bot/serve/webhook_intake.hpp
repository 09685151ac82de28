#pragma once
// What POST /webhook does with a delivery, apart from the HTTP transport: check GitHub's headers,
// the content type and the signature over the raw bytes, record the delivery durably (a job for
// the events Medic acts on), and say so. The body-size limit is the transport's (it answers 413
// before reading the body).

#include "bot/store/store.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace medic::serve {

/// The parts of a delivery's HTTP request that matter.
struct WebhookRequest {
    std::string content_type;
    std::string event;     ///< X-GitHub-Event
    std::string delivery;  ///< X-GitHub-Delivery
    std::string signature; ///< X-Hub-Signature-256
    std::string body;
};

/// The HTTP answer: a status and a JSON body ({"delivery", "status"} or {"error"}).
struct WebhookAnswer {
    int status = 202;
    nlohmann::json body;
};

/// True when a Content-Type header says application/json (parameters such as charset aside).
bool is_json_media_type(std::string_view content_type);

/// True for the events (and actions) a worker processes today; others are recorded as ignored.
bool is_processed_event(std::string_view event, std::string_view action);

/// Checks, records and answers one delivery. `secret` is the webhook secret (never logged or
/// echoed). A store that cannot record answers 503, so GitHub marks the delivery failed and
/// recovery can redeliver it.
WebhookAnswer receive_webhook(const WebhookRequest& request, std::string_view secret,
                              store::Store& store);

} // namespace medic::serve
