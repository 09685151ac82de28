#include "bot/serve/metrics.hpp"

#include <cstdio>
#include <cstdlib>

namespace medic::serve {
namespace {

/// The shortest text that reads back as `value` ("0.005", not "0.0050000000000000001").
std::string number(double value) {
    char text[32];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtod(text, nullptr) == value)
            break;
    }
    return text;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels, double value) {
    out.append(name);
    if (!labels.empty())
        out.append("{").append(labels).append("}");
    out.append(" ").append(number(value)).append("\n");
}

std::string label(std::string_view key, std::string_view value) {
    return std::string(key) + "=\"" + escape_label_value(value) + "\"";
}

/// A counter with two labels: its header, and one sample per pair of label values.
void labelled_counter(std::string& out, std::string_view name, std::string_view help,
                      std::pair<std::string_view, std::string_view> labels,
                      const std::map<std::pair<std::string, std::string>, std::uint64_t>& counts) {
    header(out, name, "counter", help);
    for (auto const& [key, count] : counts)
        sample(out, name, label(labels.first, key.first) + "," + label(labels.second, key.second),
               static_cast<double>(count));
}

} // namespace

std::string escape_label_value(std::string_view value) {
    std::string escaped;
    for (char const c : value) {
        if (c == '\\' || c == '"')
            escaped += '\\';
        if (c == '\n') {
            escaped += "\\n";
            continue;
        }
        escaped += c;
    }
    return escaped;
}

void Histogram::observe(double seconds) {
    for (std::size_t i = 0; i < k_bounds.size(); ++i)
        if (seconds <= k_bounds[i])
            ++m_buckets[i];
    ++m_count;
    m_sum += seconds;
}

void Histogram::render(std::string& out, std::string_view name, std::string_view labels) const {
    std::string const prefix = labels.empty() ? "" : std::string(labels) + ",";
    for (std::size_t i = 0; i < k_bounds.size(); ++i)
        sample(out, std::string(name) + "_bucket", prefix + label("le", number(k_bounds[i])),
               static_cast<double>(m_buckets[i]));
    sample(out, std::string(name) + "_bucket", prefix + label("le", "+Inf"),
           static_cast<double>(m_count));
    sample(out, std::string(name) + "_sum", labels, m_sum);
    sample(out, std::string(name) + "_count", labels, static_cast<double>(m_count));
}

void ServerMetrics::count_delivery(std::string_view event, std::string_view status) {
    std::lock_guard lock(m_mutex);
    ++m_deliveries[{std::string(event), std::string(status)}];
}

void ServerMetrics::count_refusal(int status) {
    std::lock_guard lock(m_mutex);
    ++m_refusals[status];
}

void ServerMetrics::observe_acknowledgement(double seconds) {
    std::lock_guard lock(m_mutex);
    m_acknowledgements.observe(seconds);
}

void ServerMetrics::observe_job(std::string_view event, bool succeeded, double seconds) {
    std::lock_guard lock(m_mutex);
    m_jobs[{std::string(event), succeeded ? "done" : "failed"}].observe(seconds);
}

void ServerMetrics::observe_stage(std::string_view stage, double seconds) {
    std::lock_guard lock(m_mutex);
    m_stages[std::string(stage)].observe(seconds);
}

void ServerMetrics::count_pull_request(std::string_view action) {
    std::lock_guard lock(m_mutex);
    ++m_pull_requests[std::string(action)];
}

void ServerMetrics::count_otlp(std::string_view signal, std::uint64_t accepted,
                               std::uint64_t rejected) {
    std::lock_guard lock(m_mutex);
    m_otlp_records[{std::string(signal), "accepted"}] += accepted;
    m_otlp_records[{std::string(signal), "rejected"}] += rejected;
}

void ServerMetrics::count_otlp_refusal(int status) {
    std::lock_guard lock(m_mutex);
    ++m_otlp_refusals[status];
}

void ServerMetrics::count_live_detection() {
    std::lock_guard lock(m_mutex);
    ++m_live_detections;
}

void ServerMetrics::count_github_requests(std::uint64_t requests, std::int64_t remaining) {
    std::lock_guard lock(m_mutex);
    m_github_requests += requests;
    if (remaining >= 0)
        m_rate_limit_remaining = remaining;
}

std::string ServerMetrics::render(const Result<store::QueueDepth>& depth, int workers) const {
    std::lock_guard lock(m_mutex);
    std::string out;
    labelled_counter(out, "medic_webhook_deliveries_total",
                     "Verified webhook deliveries by event and what the store did with them.",
                     {"event", "status"}, m_deliveries);
    header(out, "medic_webhook_refusals_total", "counter",
           "Webhook deliveries refused, by HTTP status.");
    for (auto const& [status, count] : m_refusals)
        sample(out, "medic_webhook_refusals_total", label("code", std::to_string(status)),
               static_cast<double>(count));
    header(out, "medic_webhook_acknowledgement_seconds", "histogram",
           "Seconds from a delivery's request to its durable record and 202.");
    m_acknowledgements.render(out, "medic_webhook_acknowledgement_seconds", "");
    header(out, "medic_job_duration_seconds", "histogram",
           "Seconds a worker spent on a job, by event and result.");
    for (auto const& [key, histogram] : m_jobs)
        histogram.render(out, "medic_job_duration_seconds",
                         label("event", key.first) + "," + label("result", key.second));
    header(out, "medic_pipeline_stage_seconds", "histogram",
           "Seconds pipeline runs spent per stage.");
    for (auto const& [stage, histogram] : m_stages)
        histogram.render(out, "medic_pipeline_stage_seconds", label("stage", stage));
    header(out, "medic_pull_requests_total", "counter",
           "What was done to Medic's pull requests: opened, updated, merged.");
    for (auto const& [action, count] : m_pull_requests)
        sample(out, "medic_pull_requests_total", label("action", action),
               static_cast<double>(count));
    labelled_counter(out, "medic_otlp_records_total",
                     "Spans and log records OTLP exports brought, taken in or refused.",
                     {"signal", "result"}, m_otlp_records);
    header(out, "medic_otlp_refusals_total", "counter", "OTLP exports refused as a whole.");
    for (auto const& [status, count] : m_otlp_refusals)
        sample(out, "medic_otlp_refusals_total", label("status", std::to_string(status)),
               static_cast<double>(count));
    header(out, "medic_live_detections_total", "counter",
           "Passes of detection over a repository's live telemetry.");
    sample(out, "medic_live_detections_total", "", static_cast<double>(m_live_detections));
    header(out, "medic_github_api_requests_total", "counter", "Requests sent to GitHub's API.");
    sample(out, "medic_github_api_requests_total", "", static_cast<double>(m_github_requests));
    if (m_rate_limit_remaining >= 0) {
        header(out, "medic_github_rate_limit_remaining", "gauge",
               "GitHub's x-ratelimit-remaining on the last answer seen.");
        sample(out, "medic_github_rate_limit_remaining", "",
               static_cast<double>(m_rate_limit_remaining));
    }
    header(out, "medic_workers", "gauge", "Worker threads of this process.");
    sample(out, "medic_workers", "", workers);
    header(out, "medic_store_up", "gauge", "1 when the store could be read for this scrape.");
    sample(out, "medic_store_up", "", depth ? 1 : 0);
    if (!depth)
        return out;
    header(out, "medic_jobs", "gauge", "Jobs in the store by state.");
    sample(out, "medic_jobs", label("state", "queued"), static_cast<double>(depth->queued));
    sample(out, "medic_jobs", label("state", "running"), static_cast<double>(depth->running));
    header(out, "medic_oldest_queued_job_age_seconds", "gauge",
           "Age of the oldest job waiting for a worker (0 when none waits).");
    sample(out, "medic_oldest_queued_job_age_seconds", "",
           depth->oldest_queued_age ? static_cast<double>(depth->oldest_queued_age->count()) : 0);
    return out;
}

} // namespace medic::serve
