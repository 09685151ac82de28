#include "github/rate_limits.hpp"

#include "bot/model/retry.hpp"

#include <algorithm>
#include <charconv>

namespace medic::github {

namespace {

using std::chrono::milliseconds;

std::int64_t header_number(const HttpResponse& response, std::string_view name) {
    auto const value = response.header(name);
    std::int64_t number = -1;
    if (value)
        std::from_chars(value->data(), value->data() + value->size(), number);
    return number;
}

bool says_secondary_limit(const HttpResponse& response) {
    return response.body.find("secondary rate limit") != std::string::npos ||
           response.body.find("abuse detection") != std::string::npos;
}

/// Until x-ratelimit-reset, when the answer names one in the future.
std::optional<milliseconds> until_reset(const HttpResponse& response,
                                        std::chrono::system_clock::time_point now) {
    auto const reset = header_number(response, "x-ratelimit-reset");
    if (reset < 0)
        return std::nullopt;
    auto const at = std::chrono::system_clock::time_point(std::chrono::seconds(reset));
    // One extra second: GitHub's reset is rounded down to whole seconds.
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(at - now)) +
           milliseconds(1000);
}

RetryDecision rate_limit_wait(const HttpResponse& response, unsigned retry,
                              std::chrono::system_clock::time_point now) {
    if (auto const header = response.header("retry-after"))
        if (auto const wait = http::parse_retry_after(*header, now))
            return {true, *wait, "rate limited (Retry-After)"};
    if (header_number(response, "x-ratelimit-remaining") == 0)
        if (auto const wait = until_reset(response, now))
            return {true, *wait, "primary rate limit exhausted"};
    auto const doublings = std::min(retry > 0 ? retry - 1 : 0U, 10U);
    return {true, milliseconds(60'000) * (1 << doublings), "secondary rate limit"};
}

} // namespace

RateLimit read_rate_limit(const HttpResponse& response) {
    RateLimit limit;
    limit.limit = header_number(response, "x-ratelimit-limit");
    limit.remaining = header_number(response, "x-ratelimit-remaining");
    limit.used = header_number(response, "x-ratelimit-used");
    limit.reset_epoch_s = header_number(response, "x-ratelimit-reset");
    limit.resource = std::string(response.header("x-ratelimit-resource").value_or(""));
    return limit;
}

bool is_rate_limited(const HttpResponse& response) {
    if (response.status == 429)
        return true;
    if (response.status != 403)
        return false;
    return response.header("retry-after").has_value() ||
           header_number(response, "x-ratelimit-remaining") == 0 || says_secondary_limit(response);
}

RetryDecision decide_retry(const Result<HttpResponse>& answer, unsigned retry, bool idempotent,
                           std::chrono::system_clock::time_point now, milliseconds initial_backoff,
                           std::mt19937_64& random) {
    if (answer && is_rate_limited(*answer))
        return rate_limit_wait(*answer, retry, now); // GitHub did not carry it out
    if (!idempotent)
        return {};
    http::RetryPolicy backoff;
    backoff.initial_backoff = initial_backoff;
    if (!answer) {
        if (answer.error().code != ErrorCode::unavailable)
            return {};
        return {true, http::backoff_delay(retry, backoff, random), "transport error"};
    }
    if (answer->status >= 500)
        return {true, http::backoff_delay(retry, backoff, random),
                "server error " + std::to_string(answer->status)};
    return {};
}

} // namespace medic::github
