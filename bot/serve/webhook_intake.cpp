#include "bot/serve/webhook_intake.hpp"

#include "bot/model/json_fields.hpp"
#include "bot/serve/event_processing.hpp"
#include "github/webhook_signature.hpp"

#include <array>
#include <string_view>

namespace medic::serve {
namespace {

WebhookAnswer refuse(int status, std::string message) {
    return {status, {{"error", std::move(message)}}};
}

/// Delivery ids are GUIDs; anything long or unprintable is refused before it reaches the store.
bool is_plausible_id(std::string_view id) {
    if (id.empty() || id.size() > 128)
        return false;
    for (char const c : id)
        if (c <= ' ' || c > '~')
            return false;
    return true;
}

store::IncomingDelivery incoming(const WebhookRequest& request, const nlohmann::json& payload) {
    store::IncomingDelivery delivery{
        request.delivery, request.event, string_field(payload, "action").value_or(""), 0, "",
        request.body};
    if (const auto* installation = field(payload, "installation"))
        delivery.installation_id =
            static_cast<std::int64_t>(number_field(*installation, "id").value_or(0));
    if (const auto* repository = field(payload, "repository"))
        delivery.repository = string_field(*repository, "full_name").value_or("");
    return delivery;
}

} // namespace

bool is_json_media_type(std::string_view content_type) {
    auto const media = content_type.substr(0, content_type.find(';'));
    auto const trimmed = media.substr(0, media.find_last_not_of(" \t") + 1);
    return trimmed == "application/json";
}

bool is_processed_event(std::string_view event, std::string_view action) {
    if (event == "ping" || event == "installation" || event == "installation_repositories" ||
        event == "push")
        return true;
    if (event == "repository_dispatch")
        return action == k_anomaly_report_event;
    if (event == "check_suite" || event == "check_run")
        return action == "completed";
    return event == "pull_request" && action == "closed";
}

WebhookAnswer receive_webhook(const WebhookRequest& request, std::string_view secret,
                              store::Store& store) {
    for (auto const& [name, value] : std::array<std::pair<std::string_view, const std::string*>, 3>{
             {{"X-GitHub-Event", &request.event},
              {"X-GitHub-Delivery", &request.delivery},
              {"X-Hub-Signature-256", &request.signature}}})
        if (value->empty())
            return refuse(400, "the " + std::string(name) + " header is missing");
    if (!is_plausible_id(request.delivery))
        return refuse(400, "the X-GitHub-Delivery header is not a delivery id");
    if (!is_json_media_type(request.content_type))
        return refuse(415, "the body must be application/json: set the webhook's content type "
                           "to application/json in the GitHub App's settings");
    if (!github::verify_webhook_signature(secret, request.body, request.signature))
        return refuse(401, "the X-Hub-Signature-256 signature does not match this body under "
                           "the configured webhook secret");
    auto const payload = nlohmann::json::parse(request.body, nullptr, false);
    if (payload.is_discarded() || !payload.is_object())
        return refuse(400, "the body is not a JSON object");
    auto const delivery = incoming(request, payload);
    auto const status =
        store.record_delivery(delivery, is_processed_event(delivery.event, delivery.action));
    if (!status)
        return refuse(503, "the delivery could not be recorded: " + status.error().message);
    return {202, {{"delivery", request.delivery}, {"status", store::to_string(*status)}}};
}

} // namespace medic::serve
