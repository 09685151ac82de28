#pragma once
// send_with_retries: one retry policy for every HTTP API Medic calls (LLM providers, GitHub).

#include "bot/model/clock.hpp"
#include "bot/model/http.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

namespace medic::http {

/// How hard to try. Waits grow exponentially with jitter unless the server says how long.
struct RetryPolicy {
    unsigned max_retries = 4; ///< Attempts = 1 + max_retries at most.
    std::chrono::milliseconds initial_backoff{1000};
    std::chrono::milliseconds max_backoff{60000}; ///< Caps every wait, Retry-After included.
    /// Seeds the jitter: tests get the same waits every run; callers seed from a real source
    /// so that many clients do not retry in lock-step.
    std::uint64_t jitter_seed = 0;
    /// For Retry-After given as an HTTP-date; injectable so tests need no real clock.
    const Clock* clock = &wall_clock();
};

/// The last attempt's result, and what it took to get it.
struct RetryOutcome {
    Result<HttpResponse> last; ///< A response of any status, or the last transport error.
    unsigned attempts = 0;
    std::vector<std::chrono::milliseconds> waits; ///< One per retry, in order.
};

/// True for statuses where the same request may succeed later: 408, 429 and every 5xx.
bool is_retryable_status(int status);

/// Retry-After as a wait: delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00
/// GMT", a past date meaning 0). Nothing when the value is neither.
std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

/// The wait before retry number `retry` (1-based) without a Retry-After: "equal jitter", i.e.
/// half of initial × 2^(retry-1) plus a uniform random part of the other half, capped.
std::chrono::milliseconds backoff_delay(unsigned retry, const RetryPolicy& policy,
                                        std::mt19937_64& random);

/// Sends `request`, retrying on 408, 429, 5xx and transport errors (ErrorCode::unavailable)
/// after the server's Retry-After or an exponential backoff, never on other 4xx.
RetryOutcome send_with_retries(HttpClient& client, Sleeper& sleeper, const HttpRequest& request,
                               const RetryPolicy& policy);

} // namespace medic::http
