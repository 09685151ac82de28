#include "github/hook_deliveries.hpp"

#include "bot/model/json_fields.hpp"
#include "bot/model/time.hpp"

#include <map>

namespace medic::github {
namespace {

std::optional<HookDeliveryAttempt> attempt_from_json(const nlohmann::json& item) {
    auto const id = integer_field(item, "id");
    auto const guid = string_field(item, "guid");
    auto const delivered = parse_rfc3339_ms(string_field(item, "delivered_at").value_or(""));
    if (id <= 0 || !guid || guid->empty() || !delivered)
        return std::nullopt;
    HookDeliveryAttempt attempt;
    attempt.id = id;
    attempt.guid = *guid;
    attempt.delivered_at = time_at_unix_ms(*delivered);
    attempt.redelivery = bool_field(item, "redelivery", false);
    attempt.status_code = static_cast<int>(integer_field(item, "status_code"));
    attempt.event = string_field(item, "event").value_or("");
    attempt.action = string_field(item, "action").value_or("");
    return attempt;
}

} // namespace

Result<std::vector<HookDeliveryAttempt>>
list_hook_deliveries(GitHubApi& api, std::chrono::system_clock::time_point since) {
    // Newest first: the listing stops at the first attempt older than `since`.
    auto const older = [&](const nlohmann::json& item) {
        auto const at = attempt_from_json(item);
        return at && at->delivered_at < since;
    };
    MEDIC_TRY(items, api.list("/app/hook/deliveries", k_max_listed_deliveries, older));
    std::vector<HookDeliveryAttempt> attempts;
    for (auto const& item : *items)
        if (auto attempt = attempt_from_json(item))
            attempts.push_back(std::move(*attempt));
    return attempts;
}

Result<void> redeliver(GitHubApi& api, std::int64_t id) {
    // The operation takes no body at all (not even {}).
    auto const path = "/app/hook/deliveries/" + std::to_string(id) + "/attempts";
    MEDIC_TRY(answer, api.call("POST", path));
    if (answer->status < 200 || answer->status > 299)
        return std::unexpected(api.failure("POST", path, *answer));
    return {};
}

std::vector<HookDeliveryAttempt>
attempts_to_redeliver(const std::vector<HookDeliveryAttempt>& attempts,
                      const std::function<bool(const std::string& guid)>& recorded) {
    struct Event {
        const HookDeliveryAttempt* newest = nullptr;
        bool succeeded = false;
        int redeliveries = 0;
    };
    std::map<std::string, Event> events;
    for (auto const& attempt : attempts) {
        auto& event = events[attempt.guid];
        event.succeeded = event.succeeded || attempt.succeeded();
        event.redeliveries += attempt.redelivery ? 1 : 0;
        if (event.newest == nullptr || attempt.delivered_at > event.newest->delivered_at)
            event.newest = &attempt;
    }
    std::vector<HookDeliveryAttempt> chosen;
    for (auto const& [guid, event] : events)
        if (!event.succeeded && event.redeliveries < k_max_redeliveries && !recorded(guid))
            chosen.push_back(*event.newest);
    return chosen;
}

} // namespace medic::github
