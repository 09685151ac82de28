// send_with_retries against a scripted in-memory HttpClient: which answers are retried, and
// exactly how long each wait is.

#include "bot/model/retry.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/recording_sleeper.hpp"

#include <deque>
#include <gtest/gtest.h>

namespace medic::http {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

/// Answers from a script and counts what it was sent.
class ScriptedClient final : public HttpClient {
public:
    void answer(int status, std::vector<HttpHeader> headers = {}) {
        m_script.push_back(HttpResponse{status, std::move(headers), "body"});
    }
    void fail_with(ErrorCode code) {
        m_script.push_back(std::unexpected(Error{code, "connection refused"}));
    }
    Result<HttpResponse> send(const HttpRequest&) override {
        ++sent;
        auto next = m_script.front();
        m_script.pop_front();
        return next;
    }
    unsigned sent = 0;

private:
    std::deque<Result<HttpResponse>> m_script;
};

RetryPolicy policy(unsigned retries) {
    RetryPolicy p;
    p.max_retries = retries;
    p.initial_backoff = 1000ms;
    p.max_backoff = 60000ms;
    p.jitter_seed = 42;
    return p;
}

const HttpRequest k_request{"POST", "http://127.0.0.1:1/x", {}, "{}", 5};

TEST(Retry, WaitsExactlyTheRetryAfterSecondsThenSucceeds) {
    ScriptedClient client;
    client.answer(429, {{"retry-after", "7"}});
    client.answer(200);
    test::RecordingSleeper sleeper;
    const auto outcome = send_with_retries(client, sleeper, k_request, policy(4));
    ASSERT_TRUE(outcome.last.has_value());
    EXPECT_EQ(outcome.last->status, 200);
    EXPECT_EQ(outcome.attempts, 2u);
    EXPECT_EQ(sleeper.waits, std::vector<milliseconds>{7000ms});
}

TEST(Retry, ReadsRetryAfterAsAnHttpDate) {
    ScriptedClient client;
    client.answer(503, {{"Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT"}});
    client.answer(200);
    RetryPolicy p = policy(1);
    test::ManualClock const clock(std::chrono::system_clock::from_time_t(1445412480)); // 07:28:00
    p.clock = &clock;
    test::RecordingSleeper sleeper;
    const auto outcome = send_with_retries(client, sleeper, k_request, p);
    EXPECT_EQ(outcome.attempts, 2u);
    EXPECT_EQ(sleeper.waits, std::vector<milliseconds>{30000ms});
}

TEST(Retry, CapsRetryAfterAtMaxBackoff) {
    ScriptedClient client;
    client.answer(429, {{"Retry-After", "3600"}});
    client.answer(200);
    test::RecordingSleeper sleeper;
    send_with_retries(client, sleeper, k_request, policy(1));
    EXPECT_EQ(sleeper.waits, std::vector<milliseconds>{60000ms});
}

TEST(Retry, NeverRetriesOtherClientErrors) {
    for (const int status : {400, 401, 403, 404, 422}) {
        ScriptedClient client;
        client.answer(status);
        test::RecordingSleeper sleeper;
        const auto outcome = send_with_retries(client, sleeper, k_request, policy(4));
        EXPECT_EQ(outcome.attempts, 1u) << status;
        EXPECT_EQ(client.sent, 1u) << status;
        EXPECT_TRUE(sleeper.waits.empty()) << status;
        EXPECT_EQ(outcome.last->status, status);
    }
}

TEST(Retry, RetriesTimeoutsOverloadAndTransportErrors) {
    ScriptedClient client;
    client.answer(408);
    client.answer(529);
    client.fail_with(ErrorCode::unavailable);
    client.answer(200);
    test::RecordingSleeper sleeper;
    const auto outcome = send_with_retries(client, sleeper, k_request, policy(4));
    EXPECT_EQ(outcome.attempts, 4u);
    EXPECT_EQ(outcome.last->status, 200);
    EXPECT_EQ(sleeper.waits.size(), 3u);
}

TEST(Retry, DoesNotRetryTransportErrorsThatCannotHeal) {
    ScriptedClient client;
    client.fail_with(ErrorCode::invalid_input);
    test::RecordingSleeper sleeper;
    const auto outcome = send_with_retries(client, sleeper, k_request, policy(4));
    EXPECT_EQ(outcome.attempts, 1u);
    ASSERT_FALSE(outcome.last.has_value());
    EXPECT_EQ(outcome.last.error().code, ErrorCode::invalid_input);
}

TEST(Retry, GivesUpAfterMaxRetriesWithExponentialJitteredWaits) {
    ScriptedClient client;
    for (int i = 0; i < 4; ++i)
        client.answer(503);
    test::RecordingSleeper sleeper;
    const auto outcome = send_with_retries(client, sleeper, k_request, policy(3));
    EXPECT_EQ(outcome.attempts, 4u);
    EXPECT_EQ(outcome.last->status, 503);
    ASSERT_EQ(sleeper.waits.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto full = milliseconds(1000 << i);
        EXPECT_GE(sleeper.waits[i], full / 2) << i;
        EXPECT_LE(sleeper.waits[i], full) << i;
    }
    EXPECT_EQ(outcome.waits, sleeper.waits);
}

TEST(Retry, TheSameSeedGivesTheSameWaitsAndAnotherSeedOthers) {
    std::mt19937_64 a(7), b(7), c(8);
    const RetryPolicy p = policy(3);
    std::vector<milliseconds> first, second, third;
    for (unsigned retry = 1; retry <= 3; ++retry) {
        first.push_back(backoff_delay(retry, p, a));
        second.push_back(backoff_delay(retry, p, b));
        third.push_back(backoff_delay(retry, p, c));
    }
    EXPECT_EQ(first, second);
    EXPECT_NE(first, third);
}

TEST(Retry, BackoffNeverExceedsMaxBackoff) {
    std::mt19937_64 random(1);
    RetryPolicy p = policy(20);
    p.max_backoff = 5000ms;
    for (unsigned retry = 1; retry <= 20; ++retry)
        EXPECT_LE(backoff_delay(retry, p, random), 5000ms);
}

TEST(Retry, RejectsRetryAfterValuesThatAreNeitherForm) {
    const auto now = std::chrono::system_clock::from_time_t(1445412480);
    EXPECT_FALSE(parse_retry_after("soon", now));
    EXPECT_FALSE(parse_retry_after("-5", now));
    EXPECT_FALSE(parse_retry_after("", now));
    EXPECT_EQ(parse_retry_after(" 12 ", now), milliseconds(12000));
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), milliseconds(0));
}

} // namespace
} // namespace medic::http
