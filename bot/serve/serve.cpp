#include "bot/serve/serve.hpp"

#include "bot/model/clock.hpp"
#include "bot/model/machine_name.hpp"
#include "bot/serve/app_actions.hpp"
#include "bot/serve/periodic.hpp"
#include "bot/serve/recovery.hpp"
#include "bot/serve/server.hpp"
#include "bot/store/store.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <malloc.h>
#include <optional>
#include <thread>
#include <unistd.h>

namespace medic::serve {
namespace {

/// Blocks SIGTERM and SIGINT in this thread (and the threads it starts from now on) so that one
/// watcher takes them with sigtimedwait; restores the previous mask when destroyed.
class StopSignals {
public:
    StopSignals() {
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGTERM);
        sigaddset(&m_signals, SIGINT);
        pthread_sigmask(SIG_BLOCK, &m_signals, &m_previous);
    }
    ~StopSignals() { pthread_sigmask(SIG_SETMASK, &m_previous, nullptr); }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    /// True when a stop signal arrived within `wait`.
    bool arrived_within(std::chrono::milliseconds wait) const {
        timespec const timeout{static_cast<time_t>(wait.count() / 1000),
                               static_cast<long>(wait.count() % 1000) * 1'000'000};
        return sigtimedwait(&m_signals, nullptr, &timeout) > 0;
    }

private:
    sigset_t m_signals{};
    sigset_t m_previous{};
};

/// Whether a worker's process runs. Before this server's workers start, a worker named with
/// this very process id belonged to an earlier server (in a container, every start may get the
/// same pid).
bool process_alive(long pid) {
    if (pid == ::getpid())
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

/// Jobs the workers of a crashed earlier run on this machine held go back to the queue now.
Result<void> reclaim_jobs(store::Store& store, const Log& log) {
    MEDIC_TRY(released, release_jobs_of_dead_workers(store, machine_name(), process_alive));
    if (*released > 0)
        log("took back " + std::to_string(*released) +
            " jobs that workers of a stopped medic serve on this machine held");
    return {};
}

} // namespace

Result<void> serve_until_signalled(const ServeSettings& settings, const http::CurlGlobal& curl,
                                   const Log& log,
                                   const std::function<void(int port)>& on_listening) {
    // glibc gives freed memory of its per-thread arenas back at once (madvise), and every
    // return is a TLB shootdown across the cores: with a request body freed per delivery, that
    // cost a third of bench/serve's throughput. Memory is kept up to 256 MiB per arena instead.
    // Setting it turns off glibc's moving mmap threshold: bodies up to GitHub's 25 MB come from
    // the arenas, not from an mmap and munmap each (the same shootdowns).
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    MEDIC_TRY(address, parse_listen_address(settings.listen));
    std::error_code error;
    std::filesystem::create_directories(settings.state_dir, error);
    if (error)
        return fail(ErrorCode::invalid_input, "cannot create the state directory " +
                                                  settings.state_dir.string() + ": " +
                                                  error.message());
    MEDIC_TRY(store, store::Store::open_at(store_location(settings), wall_clock(),
                                           {.lease = settings.job_lease}));
    MEDIC_RETURN_IF_ERROR(reclaim_jobs(*store, log));
    StopSignals const signals; // before any thread starts, so all of them inherit the mask
    ServerMetrics metrics;
    GitHubAppActions actions(settings.config, settings.state_dir, *store, curl, metrics, log);
    bool const works = settings.role != ServeRole::web;
    WorkerPool workers(*store, metrics, actions, works ? settings.workers : 0,
                       machine_name() + ":" + std::to_string(::getpid()), log,
                       std::chrono::seconds(1), store->renewal_interval());
    std::jthread const waker = works ? wake_on_announced_jobs(*store, workers) : std::jthread();
    bool const app = !settings.config.github.app_id.empty();
    std::optional<Periodic> reread;
    if (works && app && settings.reread_interval.count() > 0)
        reread.emplace(settings.reread_interval,
                       [&] { reread_all_open_pull_requests(actions, *store, log); });
    if (settings.role == ServeRole::worker) {
        log("working on the store's jobs with " + std::to_string(settings.workers) +
            " workers; listening to nothing (--role worker)");
        while (!signals.arrived_within(std::chrono::milliseconds(200))) {
        }
        log("stopping: workers finish the job in hand");
        reread.reset();
        workers.stop();
        return {};
    }
    std::unique_ptr<LiveDetection> live;
    std::optional<Periodic> detection;
    if (!settings.live_repositories.empty()) {
        MEDIC_TRY(opened,
                  LiveDetection::open(settings.live_repositories,
                                      {settings.state_dir / "telemetry", settings.telemetry_window},
                                      *store, metrics, wall_clock(), log));
        live = std::move(*opened);
        detection.emplace(settings.telemetry_interval, [&] { live->detect_all(); });
        live->on_budget_breach([&] { detection->run_now(); });
    }
    Server server({address->first, address->second, settings.body_limit, settings.webhook_secret,
                   settings.telemetry_tokens, live.get()},
                  *store, workers, metrics, log);
    MEDIC_TRY(port, server.bind());
    // Redeliveries need a server that listens: recovery starts once it is bound.
    DeliveryRecovery recovery_passes(settings.config.github, *store, curl, log,
                                     settings.recovery_interval);
    std::optional<Periodic> recovery;
    if (app && settings.recovery_interval.count() > 0)
        recovery.emplace(settings.recovery_interval, [&] { recovery_passes.pass(); });
    std::atomic<bool> serving = true;
    std::jthread watcher([&] {
        while (serving && !signals.arrived_within(std::chrono::milliseconds(200))) {
        }
        if (serving)
            log("stopping: no new requests; workers finish the job in hand");
        // stop() before run() has started is lost: repeat until run() returned.
        while (serving) {
            server.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    on_listening(*port);
    server.run();
    serving = false;
    watcher.join();
    reread.reset();
    recovery.reset();
    detection.reset();
    workers.stop();
    return {};
}

} // namespace medic::serve
