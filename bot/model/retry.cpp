#include "bot/model/retry.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace medic::http {
namespace {

using std::chrono::milliseconds;

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::optional<milliseconds> parse_delta_seconds(std::string_view text) {
    std::uint64_t seconds = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    constexpr std::uint64_t k_a_year_s = 366ULL * 24 * 3600; // anything longer is nonsense
    return milliseconds(std::min(seconds, k_a_year_s) * 1000);
}

// RFC 9110's preferred IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
    const std::string copy(text);
    std::tm parts{};
    const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
    if (end == nullptr || *end != '\0')
        return std::nullopt;
    const std::time_t seconds = timegm(&parts);
    if (seconds == static_cast<std::time_t>(-1))
        return std::nullopt;
    return std::chrono::system_clock::from_time_t(seconds);
}

bool worth_retrying(const Result<HttpResponse>& result) {
    if (!result)
        return result.error().code == ErrorCode::unavailable;
    return is_retryable_status(result->status);
}

milliseconds wait_before(unsigned retry, const Result<HttpResponse>& previous,
                         const RetryPolicy& policy, std::mt19937_64& random) {
    if (previous) {
        if (const auto header = previous->header("Retry-After")) {
            if (const auto asked = parse_retry_after(*header, policy.clock->now()))
                return std::min(*asked, policy.max_backoff);
        }
    }
    return backoff_delay(retry, policy, random);
}

} // namespace

bool is_retryable_status(int status) {
    return status == 408 || status == 429 || status >= 500;
}

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
    value = trim(value);
    if (value.empty())
        return std::nullopt;
    if (auto delta = parse_delta_seconds(value))
        return delta;
    const auto date = parse_http_date(value);
    if (!date)
        return std::nullopt;
    const auto until = std::chrono::duration_cast<milliseconds>(*date - now);
    return std::max(until, milliseconds(0));
}

milliseconds backoff_delay(unsigned retry, const RetryPolicy& policy, std::mt19937_64& random) {
    const unsigned doublings = std::min(retry > 0 ? retry - 1 : 0U, 30U);
    const double full = static_cast<double>(policy.initial_backoff.count()) *
                        static_cast<double>(1ULL << doublings);
    const double capped = std::min(full, static_cast<double>(policy.max_backoff.count()));
    std::uniform_real_distribution<double> jitter(0.0, capped / 2);
    return milliseconds(static_cast<std::int64_t>(capped / 2 + jitter(random)));
}

RetryOutcome send_with_retries(HttpClient& client, Sleeper& sleeper, const HttpRequest& request,
                               const RetryPolicy& policy) {
    std::mt19937_64 random(policy.jitter_seed);
    RetryOutcome outcome{client.send(request), 1, {}};
    for (unsigned retry = 1; retry <= policy.max_retries && worth_retrying(outcome.last); ++retry) {
        const milliseconds wait = wait_before(retry, outcome.last, policy, random);
        outcome.waits.push_back(wait);
        sleeper.sleep_for(wait);
        outcome.last = client.send(request);
        ++outcome.attempts;
    }
    return outcome;
}

} // namespace medic::http
