#include "bot/serve/workers.hpp"

#include "bot/model/machine_name.hpp"
#include "bot/serve/event_processing.hpp"

#include <functional>
#include <optional>
#include <thread>

namespace medic::serve {
namespace {} // namespace

Result<void> until_available(const std::function<Result<void>()>& write) {
    for (int attempt = 1;; ++attempt) {
        auto written = write();
        if (written || written.error().code != ErrorCode::unavailable || attempt == 60)
            return written;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
}

bool wait_unless_stopped(const std::stop_token& stop, std::chrono::milliseconds duration) {
    std::mutex mutex;
    std::condition_variable_any never_notified;
    std::unique_lock lock(mutex);
    never_notified.wait_for(lock, stop, duration, [] { return false; });
    return !stop.stop_requested();
}

Result<int> release_jobs_of_dead_workers(store::Store& store, std::string_view host,
                                         const ProcessAlive& alive) {
    MEDIC_TRY(held, store.held_jobs());
    int released = 0;
    for (auto const& job : *held) {
        auto const pid = pid_on_machine(job.worker, host);
        if (!pid || alive(*pid))
            continue;
        MEDIC_RETURN_IF_ERROR(store.release_job(job.id, job.worker));
        ++released;
    }
    return released;
}

WorkerPool::WorkerPool(store::Store& store, ServerMetrics& metrics, RepositoryActions& actions,
                       int count, std::string prefix, Log log, std::chrono::milliseconds idle_poll,
                       std::chrono::milliseconds renew_every)
    : m_store(store), m_metrics(metrics), m_actions(actions), m_log(std::move(log)),
      m_idle_poll(idle_poll), m_renew_every(renew_every) {
    for (int i = 1; i <= count; ++i)
        m_threads.emplace_back([this, name = prefix + "-" + std::to_string(i)] { work(name); });
}

WorkerPool::~WorkerPool() {
    stop();
}

void WorkerPool::wake() {
    {
        std::lock_guard lock(m_mutex);
        ++m_wakes;
    }
    m_wake.notify_one();
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_threads.clear(); // joins
}

void WorkerPool::renew_while_running(const store::Job& job, const std::string& name,
                                     const std::stop_token& stop) {
    while (wait_unless_stopped(stop, m_renew_every))
        if (auto renewed = m_store.renew_lease(job.id, name); !renewed)
            m_log(name + ": job " + std::to_string(job.id) + ": " + renewed.error().message);
}

void WorkerPool::process_one(const store::Job& job, const std::string& name) {
    auto const started = std::chrono::steady_clock::now();
    auto const interruptions = m_store.interruptions();
    std::optional<Result<std::string>> result;
    {
        std::jthread renewer(
            [&](const std::stop_token& stop) { renew_while_running(job, name, stop); });
        result = process_job(job, m_store, m_actions);
    } // the renewer is stopped and joined here
    auto const& outcome = *result;
    m_metrics.observe_job(
        job.event, outcome.has_value(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    auto const text = outcome ? *outcome : outcome.error().message;
    // A job the store's own outage stopped (its database server restarting) is put back for
    // another attempt once the store is back; what ended the job is recorded once it is back.
    bool const store_went_away = !outcome && outcome.error().code == ErrorCode::unavailable &&
                                 m_store.interruptions() != interruptions;
    auto const finished = until_available([&] {
        return store_went_away ? m_store.release_job(job.id, name)
                               : m_store.finish_job(job.id, name, outcome.has_value(), text);
    });
    if (store_went_away && finished)
        m_log(name + ": job " + std::to_string(job.id) + " put back: " + text);
    else if (!finished)
        m_log(name + ": job " + std::to_string(job.id) + ": " + finished.error().message);
    else
        m_log(name + ": " + job.event + " " + job.delivery_id + (outcome ? ": " : " failed: ") +
              text);
}

std::jthread wake_on_announced_jobs(store::Store& store, WorkerPool& workers) {
    if (!store.announces_jobs())
        return {};
    return std::jthread([&store, &workers](const std::stop_token& stop) {
        while (!stop.stop_requested()) {
            auto const announced = store.wait_for_work(std::chrono::seconds(1));
            if (announced && *announced)
                workers.wake();
            else if (!announced) // the store is away: the workers' own looks go on meanwhile
                std::this_thread::sleep_for(std::chrono::seconds(1));
        }
    });
}

void WorkerPool::work(const std::string& name) {
    bool last_take_failed = false;
    for (;;) {
        std::uint64_t seen = 0;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
            seen = m_wakes;
        }
        auto const job = m_store.take_job(name);
        if (job && *job) {
            process_one(**job, name);
            continue;
        }
        if (!job) {
            m_log(name + ": cannot take a job: " + job.error().message);
            // A job whose stored payload is damaged has been failed (invalid_input): the next
            // one may be waiting, so the worker looks again at once. Only once in a row: a
            // damaged database file is invalid_input too, and would otherwise be retried (and
            // logged) without pause. Anything else (the store away) waits for the idle poll.
            bool const again_at_once =
                job.error().code == ErrorCode::invalid_input && !last_take_failed;
            last_take_failed = true;
            if (again_at_once)
                continue;
        } else {
            last_take_failed = false;
        }
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, m_idle_poll, [&] { return m_stopping || m_wakes != seen; });
    }
}

} // namespace medic::serve
