#pragma once
// What `GET /metrics` says, in the Prometheus text exposition format (0.0.4): deliveries by
// event and answer, refusals by status, how fast deliveries are acknowledged, jobs by event and
// result with their durations, pipeline stage times, what was done to Medic's pull requests,
// GitHub API requests and the rate limit left, OTLP records received and live detections, and the
// queue as the store sees it. Counters start at zero when the process starts (Prometheus handles
// the reset); the queue gauges are read from the store.

#include "bot/store/store.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace medic::serve {

/// A Prometheus histogram: per upper bound (seconds), the observations at or below it.
class Histogram {
public:
    static constexpr std::array<double, 14> k_bounds = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 10, 60, 300, 1800};
    void observe(double seconds);
    /// The _bucket, _sum and _count lines of `name` with `labels` ("" or `key="value",...`).
    void render(std::string& out, std::string_view name, std::string_view labels) const;

private:
    std::array<std::uint64_t, k_bounds.size()> m_buckets{};
    std::uint64_t m_count = 0;
    double m_sum = 0;
};

class ServerMetrics {
public:
    /// A verified delivery and what the store said (queued, duplicate, ignored).
    void count_delivery(std::string_view event, std::string_view status);
    /// A delivery refused with `status` (400, 401, 413, 415, 503), before or after verifying it.
    void count_refusal(int status);
    /// Seconds from the request to the 202.
    void observe_acknowledgement(double seconds);
    /// A job a worker finished.
    void observe_job(std::string_view event, bool succeeded, double seconds);
    /// Seconds a pipeline run spent in one stage (detect, locate, draft, generate, validate,
    /// publish).
    void observe_stage(std::string_view stage, double seconds);
    /// Something done to one of Medic's pull requests: opened, updated, merged.
    void count_pull_request(std::string_view action);
    /// Spans or log records (`signal`: traces, logs) an OTLP export brought: taken in, refused.
    void count_otlp(std::string_view signal, std::uint64_t accepted, std::uint64_t rejected);
    /// An OTLP export refused as a whole with `status` (400, 401, 415, 503).
    void count_otlp_refusal(int status);
    /// A pass of live detection over one repository's window.
    void count_live_detection();
    /// Requests one GitHub session made, and the rate limit it saw last (negative: unknown).
    void count_github_requests(std::uint64_t requests, std::int64_t remaining);

    /// The whole exposition; `depth` is the store's (an error leaves those gauges out and sets
    /// medic_store_up to 0).
    [[nodiscard]] std::string render(const Result<store::QueueDepth>& depth, int workers) const;

private:
    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, std::string>, std::uint64_t> m_deliveries;
    std::map<int, std::uint64_t> m_refusals;
    Histogram m_acknowledgements;
    std::map<std::pair<std::string, std::string>, Histogram> m_jobs;
    std::map<std::string, Histogram> m_stages;
    std::map<std::string, std::uint64_t> m_pull_requests;
    std::map<std::pair<std::string, std::string>, std::uint64_t> m_otlp_records;
    std::map<int, std::uint64_t> m_otlp_refusals;
    std::uint64_t m_live_detections = 0;
    std::uint64_t m_github_requests = 0;
    std::int64_t m_rate_limit_remaining = -1;
};

/// A label value escaped as the text format requires (backslash, double quote, newline).
std::string escape_label_value(std::string_view value);

} // namespace medic::serve
