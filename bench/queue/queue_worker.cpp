// bench/queue: a worker process as `medic serve --role worker` runs it (the same WorkerPool:
// leases and their renewal, the store's takes, LISTEN/NOTIFY wake-ups, one repository held by
// one process at a time), with one difference: an anomaly report's pipeline run is replaced by
// a fixed cost of CPU, so that throughput can be compared across worker counts. And the report
// bench/queue/run prints from the store once the jobs are done.
//   bench_queue_worker work STORE THREADS COST_MS   works until SIGTERM or SIGINT
//   bench_queue_worker report STORE JOBS            one line of JSON: jobs/s, latency p50 and
//                                                   p99 (queued to finished), exactly once or not
// STORE is a SQLite file's path or a postgresql:// URL (Store::open_at).

#include "bot/model/clock.hpp"
#include "bot/model/machine_name.hpp"
#include "bot/serve/repository_lock.hpp"
#include "bot/serve/workers.hpp"
#include "bot/store/store.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace std::chrono;
using medic::Result;
using medic::store::Store;
namespace serve = medic::serve;

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "bench_queue_worker: %s\n", what.c_str());
    std::exit(1);
}

/// Spins for `cost` of this thread's CPU time (a stand-in for a build, tests and a benchmark).
void burn(milliseconds cost) {
    auto const cpu_now = [] {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return seconds(now.tv_sec) + nanoseconds(now.tv_nsec);
    };
    auto const until = cpu_now() + cost;
    for (volatile std::uint64_t sink = 0; cpu_now() < until; ++sink) {
    }
}

/// An anomaly report's run costs `cost` of CPU under the repository's lock, as the App's run
/// holds it; nothing else reaches this benchmark.
class CpuCostActions final : public serve::RepositoryActions {
public:
    CpuCostActions(Store& store, milliseconds cost, serve::Log log)
        : m_store(store), m_cost(cost), m_log(std::move(log)) {}

    Result<std::string> run_report(const serve::ReportRun& run) override {
        std::lock_guard const held(lock_for(run.repository));
        burn(m_cost);
        return "spent " + std::to_string(m_cost.count()) + " ms of CPU on " + run.repository;
    }
    Result<std::string> decide_merge(const serve::MergeCandidate&) override { return unused(); }
    Result<std::string> mark_conflicts(const serve::BaseMoved&) override { return unused(); }
    Result<std::string> answer_command(const serve::CommandRun&) override { return unused(); }
    Result<std::string> hand_over(const serve::BranchPushed&) override { return unused(); }
    Result<std::string> tell_production(const serve::ProductionTold&) override { return unused(); }

private:
    static Result<std::string> unused() {
        return medic::fail(medic::ErrorCode::invalid_input, "not an event of this benchmark");
    }
    serve::RepositoryLock& lock_for(const std::string& repository) {
        std::lock_guard const guard(m_locks_mutex);
        auto& slot = m_locks[repository];
        if (!slot)
            slot = std::make_unique<serve::RepositoryLock>(m_store, repository, m_log);
        return *slot;
    }

    Store& m_store;
    milliseconds m_cost;
    serve::Log m_log;
    std::mutex m_locks_mutex;
    std::map<std::string, std::unique_ptr<serve::RepositoryLock>> m_locks;
};

int work(const std::string& location, int threads, milliseconds cost) {
    sigset_t stop_signals{};
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr); // before any thread: all inherit it
    auto store = Store::open_at(location, medic::wall_clock());
    if (!store)
        die(store.error().message);
    serve::Log const log = [](std::string_view line) { std::cerr << line << "\n"; };
    serve::ServerMetrics metrics;
    CpuCostActions actions(*store, cost, log);
    serve::WorkerPool workers(*store, metrics, actions, threads,
                              medic::machine_name() + ":" + std::to_string(::getpid()), log,
                              std::chrono::seconds(1), store->renewal_interval());
    std::jthread const waker = serve::wake_on_announced_jobs(*store, workers);
    int signal = 0;
    sigwait(&stop_signals, &signal);
    workers.stop();
    return 0;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[static_cast<std::size_t>(p * (values.size() - 1))];
}

int report(const std::string& location, int jobs) {
    auto store = Store::open_at(location, medic::wall_clock());
    if (!store)
        die(store.error().message);
    auto const done = store->recent_jobs(jobs + 1);
    if (!done)
        die(done.error().message);
    std::vector<double> latency_ms;
    std::set<std::string> deliveries;
    int not_once = 0;
    auto first_queued = system_clock::time_point::max();
    auto last_finished = system_clock::time_point::min();
    for (auto const& job : *done) {
        if (job.state != medic::store::JobState::done || !job.finished || job.attempts != 1) {
            ++not_once;
            continue;
        }
        deliveries.insert(job.delivery_id);
        first_queued = std::min(first_queued, job.enqueued);
        last_finished = std::max(last_finished, *job.finished);
        latency_ms.push_back(duration<double, std::milli>(*job.finished - job.enqueued).count());
    }
    bool const exactly_once = not_once == 0 && static_cast<int>(deliveries.size()) == jobs &&
                              static_cast<int>(done->size()) == jobs;
    double const seconds =
        latency_ms.empty() ? 0 : duration<double>(last_finished - first_queued).count();
    std::printf("{\"jobs\": %zu, \"seconds\": %.2f, \"jobs_per_second\": %.1f, "
                "\"latency_p50_ms\": %.0f, \"latency_p99_ms\": %.0f, \"exactly_once\": %s}\n",
                done->size(), seconds, seconds > 0 ? latency_ms.size() / seconds : 0.0,
                percentile(latency_ms, 0.5), percentile(latency_ms, 0.99),
                exactly_once ? "true" : "false");
    return exactly_once ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> const args(argv + 1, argv + argc);
    if (args.size() == 4 && args[0] == "work")
        return work(args[1], std::atoi(args[2].c_str()), milliseconds(std::atoi(args[3].c_str())));
    if (args.size() == 3 && args[0] == "report")
        return report(args[1], std::atoi(args[2].c_str()));
    die("usage: bench_queue_worker work STORE THREADS COST_MS | report STORE JOBS");
}
