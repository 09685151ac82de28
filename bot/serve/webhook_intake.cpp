#include "bot/serve/webhook_intake.hpp"

#include "bot/serve/event_processing.hpp"
#include "github/webhook_signature.hpp"

#include <array>
#include <optional>
#include <simdjson.h>
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

/// The text of `element`'s member `key`, or "".
std::string text_member(simdjson::dom::element element, std::string_view key) {
    std::string_view text;
    if (element[key].get(text) != simdjson::SUCCESS)
        return {};
    return std::string(text);
}

/// The delivery with what its payload says of itself (action, installation, repository); none
/// when the body is not a JSON object. simdjson, not a DOM of maps: this runs for every
/// delivery before it is acknowledged (bench/serve).
std::optional<store::IncomingDelivery> incoming(const WebhookRequest& request) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element payload;
    if (parser.parse(request.body.data(), request.body.size()).get(payload) != simdjson::SUCCESS ||
        !payload.is_object())
        return std::nullopt;
    store::IncomingDelivery delivery{
        request.delivery, request.event, text_member(payload, "action"), 0, "", request.body};
    simdjson::dom::element installation_id;
    if (payload["installation"]["id"].get(installation_id) == simdjson::SUCCESS) {
        if (installation_id.is_int64())
            delivery.installation_id = installation_id.get_int64().value_unsafe();
        else if (installation_id.is_double())
            delivery.installation_id =
                static_cast<std::int64_t>(installation_id.get_double().value_unsafe());
    }
    simdjson::dom::element repository;
    if (payload["repository"].get(repository) == simdjson::SUCCESS && repository.is_object())
        delivery.repository = text_member(repository, "full_name");
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
    if (event == "issue_comment")
        return action == "created"; // an edited or deleted comment is never a command
    if (event == "pull_request_review")
        return action == "submitted"; // an edited or dismissed review asks for nothing new
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
    auto const delivery = incoming(request);
    if (!delivery)
        return refuse(400, "the body is not a JSON object");
    auto const status =
        store.record_delivery(*delivery, is_processed_event(delivery->event, delivery->action));
    if (!status)
        return refuse(503, "the delivery could not be recorded: " + status.error().message);
    return {202, {{"delivery", request.delivery}, {"status", store::to_string(*status)}}};
}

} // namespace medic::serve
