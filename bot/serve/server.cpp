#include "bot/serve/server.hpp"

#include "bot/model/clock.hpp"
#include "bot/serve/api.hpp"
#include "bot/serve/status_page.hpp"
#include "bot/serve/webhook_intake.hpp"

#include <httplib.h>

namespace medic::serve {
namespace {

void answer_json(httplib::Response& response, int status, const nlohmann::json& body) {
    response.status = status;
    response.set_content(body.dump() + "\n", "application/json");
}

/// GET `path` answered by `answer` from the request's query parameters.
void add_api_route(httplib::Server& server, const char* path, store::Store& store,
                   ApiAnswer (*answer)(store::Store&, const QueryParameters&)) {
    server.Get(path,
               [&store, answer](const httplib::Request& request, httplib::Response& response) {
                   QueryParameters query;
                   for (auto const& [name, value] : request.params)
                       query.emplace(name, value);
                   auto const built = answer(store, query);
                   answer_json(response, built.status, built.body);
               });
}

/// The sink for a server that takes no live telemetry: nothing reaches it (no token matches).
class NoTelemetry final : public TelemetrySink {
public:
    Result<telemetry::LiveOutcome> take(const std::string& repository, telemetry::OtlpSignal,
                                        std::string_view) override {
        return fail(ErrorCode::not_found, repository + " takes no live telemetry here");
    }
    nlohmann::json status() override { return {{"repositories", nlohmann::json::array()}}; }
};

} // namespace

struct Server::Http {
    httplib::Server server;
    NoTelemetry no_telemetry;
};

Server::Server(ServerOptions options, store::Store& store, WorkerPool& workers,
               ServerMetrics& metrics, Log log)
    : m_options(std::move(options)), m_store(store), m_workers(workers), m_metrics(metrics),
      m_log(std::move(log)), m_http(std::make_unique<Http>()) {
    auto& server = m_http->server;
    server.set_payload_max_length(m_options.body_limit);
    // An answer leaves at once: without TCP_NODELAY, a 202 written in two parts waited for the
    // client's delayed ACK (40 ms each, measured by bench/serve).
    server.set_tcp_nodelay(true);
    // cpp-httplib serves a kept-alive connection on one thread until it closes: with its default
    // 8 threads, GitHub's and a load balancer's connections beyond 8 wait for a thread. 64 keep
    // them served; the deliveries they carry share one commit (the store's group commit).
    server.new_task_queue = [] { return new httplib::ThreadPool(64); };
    // cpp-httplib closes a kept-alive connection after 5 requests, and the client connects again
    // (a thread handed over, buffers made anew): 1,000, as nginx's keepalive_requests (Node's
    // http has no limit). bench/serve, four interleaved pairs of 30 s runs: 7,271-8,139/s
    // against 5,641-6,898/s, 158-175 µs of CPU per delivery against 185-218, p99 alike
    // (6.8-7.9 ms against 7.0-9.8). An idle connection still closes after 5 s.
    server.set_keep_alive_max_count(1'000);
    // The transport answers 413 itself, before the handler: counted here.
    server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
        if (response.status == 413 && request.path == "/webhook")
            m_metrics.count_refusal(413);
    });
    server.Post("/webhook", [this](const httplib::Request& request, httplib::Response& response) {
        auto const started = std::chrono::steady_clock::now();
        WebhookRequest webhook{request.get_header_value("Content-Type"),
                               request.get_header_value("X-GitHub-Event"),
                               request.get_header_value("X-GitHub-Delivery"),
                               request.get_header_value("X-Hub-Signature-256"), request.body};
        auto const answer = receive_webhook(webhook, m_options.webhook_secret, m_store);
        if (answer.body.value("status", "") == "queued")
            m_workers.wake();
        if (answer.status == 202) {
            m_metrics.count_delivery(webhook.event, answer.body.value("status", ""));
            m_metrics.observe_acknowledgement(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        } else {
            m_metrics.count_refusal(answer.status);
        }
        if (answer.status >= 400)
            m_log("webhook " + webhook.delivery + ": " + std::to_string(answer.status) + " " +
                  answer.body.value("error", ""));
        answer_json(response, answer.status, answer.body);
    });
    server.Get("/healthz", [this](const httplib::Request&, httplib::Response& response) {
        auto const depth = m_store.queue_depth();
        if (!depth)
            return answer_json(response, 503, {{"store", depth.error().message}});
        answer_json(response, 200,
                    {{"store", "ok"},
                     {"workers", m_workers.count()},
                     {"queued", depth->queued},
                     {"running", depth->running}});
    });
    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
        response.set_content(m_metrics.render(m_store.queue_depth(), m_workers.count()),
                             "text/plain; version=0.0.4; charset=utf-8");
    });
    server.Get("/", [this](const httplib::Request&, httplib::Response& response) {
        auto* live = m_options.telemetry;
        response.set_content(
            render_status_page(m_store, {m_workers.count(), wall_clock().now(),
                                         live ? live->status() : nlohmann::json::object()}),
            "text/html; charset=utf-8");
    });
    add_otlp_routes();
    add_api_route(server, "/api/deliveries", m_store, deliveries_answer);
    add_api_route(server, "/api/jobs", m_store, jobs_answer);
    add_api_route(server, "/api/pull-requests", m_store, pull_requests_answer);
}

Server::~Server() = default;

namespace {

constexpr std::string_view k_otlp_prefix = "/v1/";

/// Reads the body through `reader` — inflated by cpp-httplib when it is gzip — stopping past
/// `limit` bytes; false when it went past (the body is then incomplete).
bool read_bounded(const httplib::ContentReader& reader, std::size_t limit, std::string& body) {
    bool within = true;
    reader([&](const char* data, std::size_t length) {
        within = body.size() + length <= limit;
        if (within)
            body.append(data, length);
        return within;
    });
    return within;
}

} // namespace

void Server::add_otlp_routes() {
    auto& sink = m_options.telemetry ? *m_options.telemetry : m_http->no_telemetry;
    // Before any body is read: an export without a known token is refused at once, and a
    // compressed webhook (GitHub never sends one) is refused rather than inflated unbounded.
    m_http->server.set_pre_routing_handler(
        [this](const httplib::Request& request, httplib::Response& response) {
            if (request.path.starts_with(k_otlp_prefix)) {
                if (auto refused = refuse_unauthenticated(request.get_header_value("Authorization"),
                                                          m_options.telemetry_tokens)) {
                    m_metrics.count_otlp_refusal(401);
                    response.set_header("WWW-Authenticate", "Bearer");
                    answer_json(response, 401, refused->body);
                    return httplib::Server::HandlerResponse::Handled;
                }
            } else if (request.path == "/webhook" && request.has_header("Content-Encoding") &&
                       request.get_header_value("Content-Encoding") != "identity") {
                m_metrics.count_refusal(415);
                answer_json(response, 415, {{"error", "GitHub sends webhooks uncompressed"}});
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
    auto const route = [this, &sink](telemetry::OtlpSignal signal) {
        return [this, &sink, signal](const httplib::Request& request, httplib::Response& response,
                                     const httplib::ContentReader& reader) {
            // What arrives is limited to body_limit; what it inflates to, to 4 times that.
            auto const limit = 4 * m_options.body_limit;
            std::string body;
            if (!read_bounded(reader, limit, body)) {
                m_metrics.count_otlp_refusal(413);
                return answer_json(response, 413,
                                   {{"code", 8},
                                    {"message", "the export inflates to more than " +
                                                    std::to_string(limit) + " bytes"}});
            }
            OtlpRequest const otlp{signal, request.get_header_value("Content-Type"),
                                   request.get_header_value("Content-Encoding"),
                                   request.get_header_value("Authorization"), body};
            auto const answer = receive_otlp(otlp, m_options.telemetry_tokens, limit, sink);
            if (answer.status != 200) {
                m_metrics.count_otlp_refusal(answer.status);
                m_log("POST /v1/" + std::string(to_string(signal)) + " " +
                      (answer.repository.empty() ? "" : "(" + answer.repository + ") ") +
                      std::to_string(answer.status) + ": " + answer.body.value("message", ""));
            }
            if (answer.retry_after_seconds > 0)
                response.set_header("Retry-After", std::to_string(answer.retry_after_seconds));
            answer_json(response, answer.status, answer.body);
        };
    };
    m_http->server.Post("/v1/traces", route(telemetry::OtlpSignal::traces));
    m_http->server.Post("/v1/logs", route(telemetry::OtlpSignal::logs));
    m_http->server.Get("/api/telemetry",
                       [&sink](const httplib::Request&, httplib::Response& response) {
                           answer_json(response, 200, sink.status());
                       });
}

Result<int> Server::bind() {
    auto& server = m_http->server;
    int const port = m_options.port == 0 ? server.bind_to_any_port(m_options.host)
                     : server.bind_to_port(m_options.host, m_options.port) ? m_options.port
                                                                           : -1;
    if (port <= 0)
        return fail(ErrorCode::unavailable, "cannot listen on " + m_options.host + ":" +
                                                std::to_string(m_options.port) +
                                                " (in use, or not an address of this machine)");
    return port;
}

void Server::run() {
    m_http->server.listen_after_bind();
}

void Server::stop() {
    m_http->server.stop();
}

} // namespace medic::serve
