#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/serve/serve.hpp"
#include "bot/store/store.hpp"

#include <iostream>
#include <mutex>

namespace medic::cli {
namespace {

int run_serve(const serve::ServeOverrides& options, const http::CurlGlobal& curl) {
    auto settings = serve::settings_from(options, serve::process_environment);
    if (!settings) {
        std::cerr << "medic serve: " << settings.error().message << "\n";
        return k_exit_usage;
    }
    std::mutex output;
    auto const log = [&output](std::string_view line) {
        std::lock_guard lock(output);
        std::cerr << "medic serve: " << line << std::endl;
    };
    auto const served = serve::serve_until_signalled(*settings, curl, log, [&](int port) {
        auto const address = serve::parse_listen_address(settings->listen);
        log("listening on http://" + address->first + ":" + std::to_string(port) +
            " (POST /webhook, POST /v1/traces, /v1/logs, GET /healthz, GET /metrics, GET "
            "/api/deliveries, /api/jobs, /api/pull-requests, /api/telemetry); state in " +
            settings->state_dir.string() + ", store " +
            store::redact_url(serve::store_location(*settings)));
    });
    if (!served) {
        std::cerr << "medic serve: " << served.error().message << "\n";
        return k_exit_usage;
    }
    log("stopped");
    return k_exit_ok;
}

} // namespace

void add_serve_command(CLI::App& app, int& exit_code, const http::CurlGlobal& curl) {
    auto options = std::make_shared<serve::ServeOverrides>();
    auto* command = app.add_subcommand(
        "serve",
        "Run the GitHub App webhook server: durable deliveries, workers, live OTLP telemetry");
    command->add_option("-c,--config", options->config_file,
                        "Server configuration file (its server: and github: sections)");
    command->add_option("--listen", options->listen,
                        "HOST:PORT to listen on (default: server.listen, 127.0.0.1:8080)");
    command->add_option("--state-dir", options->state_dir,
                        "Where the store (medic.sqlite3), clones and work folders live "
                        "(default: server.state_dir)");
    command->add_option("--store", options->store,
                        "The store in PostgreSQL instead: a postgresql:// URL (password in "
                        "PGPASSWORD or a PGPASSFILE), shared by any number of medic serve "
                        "processes (default: server.store)");
    command
        ->add_option("--role", options->role,
                     "both (default: server.role), web (receives and records only) or worker "
                     "(takes jobs only); several processes share one --store")
        ->check(CLI::IsMember({"both", "web", "worker"}));
    command
        ->add_option("--workers", options->workers, "Worker threads (default: server.workers, 2)")
        ->check(CLI::Range(1, 64));
    command->footer(
        R"(Endpoints: POST /webhook, POST /v1/traces and /v1/logs (OTLP/HTTP, JSON), GET /healthz,
GET /metrics (Prometheus), the status page GET /, and JSON: GET /api/deliveries?limit=N,
/api/jobs?limit=N&state=queued|running|done|failed, /api/pull-requests (Medic's open PRs with
conflict marks, and how the closed ones ended), /api/telemetry (live telemetry per repository).

Examples:
  MEDIC_WEBHOOK_SECRET=... medic serve --listen 0.0.0.0:8080 --state-dir /var/lib/medic
  medic serve --config /etc/medic/server.yml
  On several machines, one PostgreSQL database shared (PGPASSWORD=... for each):
  medic serve --role web --store postgresql://medic@db.internal/medic --listen 0.0.0.0:8080
  medic serve --role worker --store postgresql://medic@db.internal/medic --workers 4

Every delivery is verified (X-Hub-Signature-256 under the secret in $MEDIC_WEBHOOK_SECRET),
recorded in the store (<state-dir>/medic.sqlite3, or --store) before it is acknowledged
(202), and processed once by a worker, even when the same delivery arrives again. Processed:
repository_dispatch with event_type medic-anomaly-report (client_payload.anomaly_report: a
pipeline run on the repository, published as pull requests through the App in the github:
section); check_suite and check_run
completed (Medic's pull request at that head is merged when publish.auto_merge allows it and the
required checks are green); push to the default branch (Medic's open pull requests that now
conflict are marked and brought onto the new base; the others are left alone); push to a Medic
branch by a person (the pull request is handed over: Medic stops updating it); issue_comment
created with /medic revise <feedback>, retry, explain, close or help on Medic's pull request, from
people who may push; pull_request_review submitted with changes requested (a revise);
pull_request closed (the outcome of Medic's PRs; closed unmerged, its change is never proposed
again); ping, installation, installation_repositories. Other events are recorded as ignored.
After publish.max_attempts failed attempts at an anomaly, an issue asks people for help.
With a GitHub App configured, the App's delivery log is read at start and every
server.recovery_interval (10m), and deliveries that never reached this server are asked for
again; and Medic's open pull requests are read again from GitHub every
server.reread_interval (10m), so a missed closed or check_suite event is made good. A restart
takes back at once the jobs a crashed server on this machine held; a worker on another machine
takes them once their lease runs out (server.job_lease, 5m; renewed every third of it, at
most every minute).
Live telemetry: a repository with server.repositories.<owner/name>.telemetry_token_env takes
OTLP/HTTP exports with JSON encoding (Collector otlphttp with encoding: json; SDKs with
OTEL_EXPORTER_OTLP_PROTOCOL=http/json; gzip or not) sent with Authorization: Bearer <token>.
They are aggregated as they arrive and kept in <state-dir>/telemetry/<owner>/<name>/ (replayed
after a restart); every server.telemetry_interval (1m), and at once when a handler goes over
its budget, the window is judged as medic detect would (the previous window, each
server.telemetry_window (1h) long, is the baseline; the configuration is the repository's
config: file, else this one), anomalies.json is written there, and new anomalies of a
repository the App is installed on become a pipeline run, as an anomaly report would.
SIGTERM or SIGINT stops gracefully (exit 0).
Exit codes: 0 stopped by a signal, 2 usage or setup error.)");
    command->callback([options, &exit_code, &curl] { exit_code = run_serve(*options, curl); });
}

} // namespace medic::cli
