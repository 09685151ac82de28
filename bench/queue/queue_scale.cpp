// bench/queue: the store's job queue shared by worker processes. One "web" process records
// deliveries at a steady rate (each queues a job) while 1, 2 or 4 worker processes take jobs,
// spend a fixed CPU cost on each, and finish them. Prints one line of JSON: jobs per second,
// job latency (queued to finished) p50 and p99, and whether every job was processed exactly once.
//   bench_queue_scale STORE WORKERS JOBS COST_MS RATE_PER_S
// STORE is a SQLite file's path or a postgresql:// URL (Store::open_at).

#include "bot/model/clock.hpp"
#include "bot/store/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace std::chrono;
using medic::store::Store;

/// Spins for `cost` of this thread's CPU time (a stand-in for a build or a benchmark).
void burn(milliseconds cost) {
    timespec start{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    for (volatile std::uint64_t sink = 0;; ++sink) {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        auto const spent =
            (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1'000'000;
        if (spent >= cost.count())
            return;
    }
}

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "bench_queue_scale: %s\n", what.c_str());
    std::exit(1);
}

/// A worker process: takes jobs until `jobs` are finished in the whole store.
void work(const std::string& location, int number, int jobs, milliseconds cost) {
    auto store = Store::open_at(location, medic::wall_clock());
    if (!store)
        die(store.error().message);
    auto const name = "bench-" + std::to_string(number);
    for (;;) {
        auto job = store->take_job(name);
        if (!job)
            die(job.error().message);
        if (!*job) {
            auto const depth = store->queue_depth();
            if (depth && depth->queued == 0 && depth->running == 0 &&
                static_cast<int>(store->recent_jobs(jobs + 1)->size()) >= jobs)
                return;
            std::this_thread::sleep_for(5ms); // idle: a server's worker would wait for a wake-up
            continue;
        }
        burn(cost);
        if (auto finished = store->finish_job((*job)->id, name, true, name); !finished)
            die(finished.error().message);
    }
}

void enqueue(Store& store, int jobs, double rate) {
    auto const started = steady_clock::now();
    for (int i = 0; i < jobs; ++i) {
        std::this_thread::sleep_until(
            started + duration_cast<steady_clock::duration>(duration<double>(i / rate)));
        medic::store::IncomingDelivery delivery{
            "job-" + std::to_string(i), "repository_dispatch", "", 1, "acme/shop", R"({"n":1})"};
        if (auto recorded = store.record_delivery(delivery, true); !recorded)
            die(recorded.error().message);
    }
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[static_cast<std::size_t>(p * (values.size() - 1))];
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 6)
        die("usage: bench_queue_scale STORE WORKERS JOBS COST_MS RATE_PER_S");
    std::string const location = argv[1];
    int const workers = std::atoi(argv[2]);
    int const jobs = std::atoi(argv[3]);
    milliseconds const cost(std::atoi(argv[4]));
    double const rate = std::atof(argv[5]);
    auto web = Store::open_at(location, medic::wall_clock());
    if (!web)
        die(web.error().message);
    auto const started = steady_clock::now();
    std::vector<pid_t> children;
    for (int w = 0; w < workers; ++w) {
        pid_t const child = ::fork();
        if (child == 0) {
            work(location, w, jobs, cost);
            ::_exit(0);
        }
        children.push_back(child);
    }
    enqueue(*web, jobs, rate);
    for (pid_t child : children) {
        int status = 0;
        ::waitpid(child, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("a worker failed");
    }
    double const seconds = duration<double>(steady_clock::now() - started).count();
    auto const done = web->recent_jobs(jobs + 1);
    if (!done)
        die(done.error().message);
    std::vector<double> latency_ms;
    std::set<std::string> deliveries;
    int twice = 0;
    for (auto const& job : *done) {
        if (job.state != medic::store::JobState::done || !job.finished || job.attempts != 1)
            ++twice;
        deliveries.insert(job.delivery_id);
        if (job.finished)
            latency_ms.push_back(
                duration<double, std::milli>(*job.finished - job.enqueued).count());
    }
    bool const exactly_once = twice == 0 && static_cast<int>(deliveries.size()) == jobs &&
                              static_cast<int>(done->size()) == jobs;
    std::printf("{\"workers\": %d, \"jobs\": %d, \"seconds\": %.2f, \"jobs_per_second\": %.1f, "
                "\"latency_p50_ms\": %.0f, \"latency_p99_ms\": %.0f, \"exactly_once\": %s}\n",
                workers, jobs, seconds, jobs / seconds, percentile(latency_ms, 0.5),
                percentile(latency_ms, 0.99), exactly_once ? "true" : "false");
    return exactly_once ? 0 : 1;
}
