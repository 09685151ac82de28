#pragma once
// The HTTP side of `medic serve` (cpp-httplib): POST /webhook (webhook_intake), GET /healthz,
// GET /metrics, the status page GET / (status_page.hpp), the JSON API (api.hpp), and OTLP/HTTP's
// POST /v1/traces and /v1/logs (telemetry_intake.hpp) with GET /api/telemetry. Bodies over the
// limit are refused with 413 before they are read.

#include "bot/model/result.hpp"
#include "bot/serve/metrics.hpp"
#include "bot/serve/telemetry_intake.hpp"
#include "bot/serve/workers.hpp"
#include "bot/store/store.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace medic::serve {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                                ///< 0: any free port (bind() says which).
    std::size_t body_limit = std::size_t{25} << 20; ///< GitHub sends at most 25 MB.
    std::string webhook_secret;
    /// Live telemetry: the repositories' tokens, and where their exports go (null: none taken;
    /// /v1/traces and /v1/logs answer 401).
    std::vector<TelemetryToken> telemetry_tokens;
    TelemetrySink* telemetry = nullptr;
};

class Server {
public:
    Server(ServerOptions options, store::Store& store, WorkerPool& workers, ServerMetrics& metrics,
           Log log);
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    ~Server();

    /// Binds the listening socket; the port it got.
    Result<int> bind();
    /// Serves until stop() (from any thread or a signal-watching thread).
    void run();
    void stop();

private:
    struct Http;
    void add_otlp_routes();
    ServerOptions m_options;
    store::Store& m_store;
    WorkerPool& m_workers;
    ServerMetrics& m_metrics;
    Log m_log;
    std::unique_ptr<Http> m_http;
};

} // namespace medic::serve
