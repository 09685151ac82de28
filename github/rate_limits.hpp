#pragma once
// How GitHub says "slow down": the x-ratelimit-* headers, Retry-After, and the secondary-limit
// 403/429 answers (TOOLCHAIN.md "GitHub platform facts"), turned into one decision per answer.

#include "bot/model/http.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>

namespace medic::github {

/// The primary rate limit as the last answer reported it (-1: not reported).
struct RateLimit {
    std::int64_t limit = -1;
    std::int64_t remaining = -1;
    std::int64_t used = -1;
    std::int64_t reset_epoch_s = -1; ///< When `remaining` refills (UTC epoch seconds).
    std::string resource;            ///< "core", "graphql", ...
};

/// Reads the x-ratelimit-* headers of `response` (absent ones stay -1).
RateLimit read_rate_limit(const HttpResponse& response);

/// What to do about one answer.
struct RetryDecision {
    bool retry = false;
    std::chrono::milliseconds wait{0};
    std::string why; ///< "secondary rate limit", "server error 502", ...
};

/// How long to wait before trying again, if at all: 429 and secondary-limit 403s wait for
/// Retry-After, else until x-ratelimit-reset, else a minute doubling per retry (GitHub's
/// advice); an exhausted primary limit waits until its reset; 5xx and transport errors back
/// off with jitter, but only for `idempotent` requests (a write GitHub may have carried out
/// is not sent twice: the ensure_* operations look again on the next run); every other 4xx is
/// final. `retry` is 1 for the first retry.
RetryDecision decide_retry(const Result<HttpResponse>& answer, unsigned retry, bool idempotent,
                           std::chrono::system_clock::time_point now,
                           std::chrono::milliseconds initial_backoff, std::mt19937_64& random);

/// True when a 403/429 is GitHub's rate limiting rather than a missing permission.
bool is_rate_limited(const HttpResponse& response);

} // namespace medic::github
