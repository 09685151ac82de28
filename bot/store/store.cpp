#include "bot/store/store.hpp"

#include "bot/model/enum_names.hpp"
#include "bot/store/schema.hpp"
#include "bot/store/sql_database.hpp"
#include "bot/store/store_state.hpp"

#include <array>

namespace medic::store {
namespace {

constexpr std::array<std::string_view, 3> k_delivery_statuses = {"queued", "duplicate", "ignored"};
constexpr std::array<std::string_view, 4> k_job_states = {"queued", "running", "done", "failed"};

Error lease_lost(std::int64_t job_id, std::string_view worker) {
    return {ErrorCode::conflict, "job " + std::to_string(job_id) + " is no longer leased to " +
                                     std::string(worker) +
                                     ": its lease ran out and it was taken again"};
}

constexpr std::string_view k_record_columns =
    "SELECT d.id, d.event, d.action, d.repository, d.received_ms, d.duplicates, j.state, "
    "coalesce(j.outcome, '') FROM deliveries d LEFT JOIN jobs j ON j.delivery_id = d.id ";

DeliveryRecord record_of(const Statement& row) {
    DeliveryRecord record{row.text(0),
                          row.text(1),
                          row.text(2),
                          row.text(3),
                          time_at(row.integer(4)),
                          static_cast<int>(row.integer(5)),
                          std::nullopt,
                          row.text(7)};
    if (!row.is_null(6))
        record.job = enum_named<JobState>(k_job_states, row.text(6));
    return record;
}

} // namespace

StoredPayload stored_payload(const Store::State& state, const IncomingDelivery& delivery) {
    if (state.database.dialect() == Dialect::postgresql)
        return {delivery.payload, k_identity};
    return encode_payload(delivery.payload);
}

Result<DeliveryStatus> insert_delivery(Store::State& state, const IncomingDelivery& delivery,
                                       const StoredPayload& payload, bool wanted) {
    auto& database = state.database;
    MEDIC_TRY(insert,
              database.prepare(
                  "INSERT INTO deliveries (id, event, action, installation_id, repository, "
                  "received_ms, payload, payload_encoding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                  "ON CONFLICT (id) DO UPDATE SET duplicates = deliveries.duplicates + 1 "
                  "RETURNING duplicates"));
    insert->bind(1, delivery.id)
        .bind(2, delivery.event)
        .bind(3, delivery.action)
        .bind(4, delivery.installation_id)
        .bind(5, delivery.repository)
        .bind(6, state.now_ms())
        .bind_bytes(7, payload.bytes)
        .bind(8, payload.encoding);
    MEDIC_TRY(row, insert->step());
    bool const first = *row && insert->integer(0) == 0;
    MEDIC_RETURN_IF_ERROR(insert->step()); // finishes the statement before the commit
    if (!first)
        return DeliveryStatus::duplicate;
    if (!wanted)
        return DeliveryStatus::ignored;
    MEDIC_TRY(enqueue, database.prepare("INSERT INTO jobs (delivery_id, state, enqueued_ms) "
                                        "VALUES (?1, 'queued', ?2)"));
    MEDIC_RETURN_IF_ERROR(enqueue->bind(1, delivery.id).bind(2, state.now_ms()).run());
    MEDIC_RETURN_IF_ERROR(announce_job(database));
    return DeliveryStatus::queued;
}

namespace {

/// Commits `batch` in one transaction and gives each delivery its answer: its status, or the
/// error that stopped the whole transaction (nothing of it was recorded then).
void commit_deliveries(Store::State& state, const std::vector<PendingDelivery*>& batch) {
    std::lock_guard lock(state.mutex);
    std::vector<DeliveryStatus> statuses;
    auto const committed = [&]() -> Result<void> {
        MEDIC_TRY(transaction, Transaction::begin_concurrent(state.database));
        for (auto const* pending : batch) {
            MEDIC_TRY(status, insert_delivery(state, *pending->delivery, pending->payload,
                                              pending->wanted));
            statuses.push_back(*status);
        }
        return transaction->commit();
    }();
    for (std::size_t i = 0; i < batch.size(); ++i)
        batch[i]->result = committed ? Result<DeliveryStatus>(statuses[i])
                                     : Result<DeliveryStatus>(std::unexpected(committed.error()));
}

/// Commits every delivery waiting now (`leader`'s among them), hands the lead to the first
/// delivery that arrived meanwhile, then wakes the batch with its answers. A woken thread may
/// return and end its PendingDelivery at once: none is touched after it is woken.
void lead_group_commit(Store::State& state, PendingDelivery& leader) {
    std::vector<PendingDelivery*> batch;
    {
        std::lock_guard lock(state.batch_mutex);
        batch = std::exchange(state.pending, {});
    }
    commit_deliveries(state, batch);
    PendingDelivery* next_leader = nullptr;
    {
        std::lock_guard lock(state.batch_mutex);
        if (state.pending.empty())
            state.committing = false;
        else
            next_leader = state.pending.front();
    }
    if (next_leader)
        next_leader->woken.wake();
    for (auto* pending : batch)
        if (pending != &leader)
            pending->woken.wake();
}

} // namespace

std::string_view to_string(DeliveryStatus status) {
    return name_of(k_delivery_statuses, status);
}

std::string_view to_string(JobState state) {
    return name_of(k_job_states, state);
}

std::optional<JobState> parse_job_state(std::string_view text) {
    return enum_named<JobState>(k_job_states, text);
}

Store::Store(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::open(const std::filesystem::path& file, const Clock& clock,
                          QueuePolicy policy) {
    return open_at(file.string(), clock, policy);
}

bool is_database_url(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<Store> Store::open_at(std::string_view location, const Clock& clock, QueuePolicy policy) {
    MEDIC_TRY(database, is_database_url(location) ? Database::open_postgresql(location)
                                                  : Database::open_sqlite(location));
    MEDIC_RETURN_IF_ERROR(migrate(*database));
    auto state =
        std::make_unique<State>(std::move(*database), std::string(location), clock, policy);
    state->holder = holder_name();
    return Store(std::move(state));
}

Result<DeliveryStatus> Store::record_delivery(const IncomingDelivery& delivery, bool wanted) {
    // Group commit: a caller that finds no commit under way leads one; the others wait, each on
    // its own Wakeup, so a commit wakes exactly the threads it answers (one shared condition
    // variable woke every waiter, and they fought for its mutex: a tenth of bench/serve's CPU).
    // Nobody returns before the transaction holding its delivery is committed.
    PendingDelivery mine{&delivery, stored_payload(*m_state, delivery), wanted, std::nullopt, {}};
    bool leading = false;
    {
        std::lock_guard lock(m_state->batch_mutex);
        m_state->pending.push_back(&mine);
        leading = !std::exchange(m_state->committing, true);
    }
    if (!leading)
        mine.woken.wait(); // answered, or handed the lead with its delivery still waiting
    if (!mine.result)
        lead_group_commit(*m_state, mine);
    return std::move(*mine.result);
}

Result<std::optional<Job>> Store::take_job(std::string_view worker) {
    std::lock_guard lock(m_state->mutex);
    auto& database = m_state->database;
    auto const now = m_state->now_ms();
    MEDIC_TRY(transaction, Transaction::begin_concurrent(database));
    MEDIC_TRY(give_up, database.prepare(
                           "UPDATE jobs SET state = 'failed', finished_ms = ?1, worker = NULL, "
                           "outcome = 'given up: its worker stopped during each of ' || attempts "
                           "|| ' attempts' WHERE state = 'running' AND lease_expires_ms <= ?1 "
                           "AND attempts >= ?2"));
    MEDIC_RETURN_IF_ERROR(give_up->bind(1, now).bind(2, m_state->policy.max_attempts).run());
    // On PostgreSQL, workers in other processes take jobs at the same moment: each skips the
    // rows another's transaction holds instead of waiting for it.
    auto const skip_held =
        database.dialect() == Dialect::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
    MEDIC_TRY(take,
              database.prepare(
                  "UPDATE jobs SET state = 'running', worker = ?1, lease_expires_ms = ?2 + ?3, "
                  "attempts = attempts + 1 WHERE id = (SELECT id FROM jobs WHERE state = "
                  "'queued' OR (state = 'running' AND lease_expires_ms <= ?2) ORDER BY id "
                  "LIMIT 1" +
                  std::string(skip_held) + ") RETURNING id, attempts"));
    take->bind(1, worker).bind(2, now).bind(3, m_state->lease_ms());
    MEDIC_TRY(taken, take->step());
    if (!*taken) {
        MEDIC_RETURN_IF_ERROR(transaction->commit());
        return std::nullopt;
    }
    Job job;
    job.id = take->integer(0);
    job.attempts = static_cast<int>(take->integer(1));
    MEDIC_RETURN_IF_ERROR(take->step());
    MEDIC_TRY(read, database.prepare("SELECT d.id, d.event, d.action, d.repository, d.payload, "
                                     "d.payload_encoding FROM jobs j JOIN deliveries d ON d.id = "
                                     "j.delivery_id WHERE j.id = ?1"));
    read->bind(1, job.id);
    MEDIC_TRY(found, read->step());
    if (!*found)
        return fail(ErrorCode::internal, "job " + std::to_string(job.id) + " has no delivery");
    job.delivery_id = read->text(0);
    job.event = read->text(1);
    job.action = read->text(2);
    job.repository = read->text(3);
    auto payload = decode_payload(read->text(4), read->text(5), job.delivery_id);
    if (!payload) {
        // Taking it again would meet the same bytes: the job ends here, saying why.
        read->reset();
        MEDIC_TRY(end, database.prepare("UPDATE jobs SET state = 'failed', finished_ms = ?1, "
                                        "worker = NULL, outcome = ?2 WHERE id = ?3"));
        MEDIC_RETURN_IF_ERROR(
            end->bind(1, now).bind(2, payload.error().message).bind(3, job.id).run());
        MEDIC_RETURN_IF_ERROR(transaction->commit());
        return std::unexpected(payload.error());
    }
    job.payload = std::move(*payload);
    MEDIC_RETURN_IF_ERROR(transaction->commit());
    return job;
}

Result<void> Store::renew_lease(std::int64_t job_id, std::string_view worker) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(renew, m_state->database.prepare(
                         "UPDATE jobs SET lease_expires_ms = ?1 + ?2 WHERE id = ?3 AND worker = ?4 "
                         "AND state = 'running' RETURNING id"));
    renew->bind(1, m_state->now_ms()).bind(2, m_state->lease_ms()).bind(3, job_id).bind(4, worker);
    MEDIC_TRY(renewed, renew->step());
    if (!*renewed)
        return std::unexpected(lease_lost(job_id, worker));
    return renew->run();
}

Result<void> Store::finish_job(std::int64_t job_id, std::string_view worker, bool succeeded,
                               std::string_view outcome) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(finish, m_state->database.prepare(
                          "UPDATE jobs SET state = ?1, outcome = ?2, finished_ms = ?3, "
                          "worker = NULL, lease_expires_ms = NULL WHERE id = ?4 AND worker = ?5 "
                          "AND state = 'running' RETURNING id"));
    finish->bind(1, to_string(succeeded ? JobState::done : JobState::failed))
        .bind(2, outcome)
        .bind(3, m_state->now_ms())
        .bind(4, job_id)
        .bind(5, worker);
    MEDIC_TRY(finished, finish->step());
    if (!*finished)
        return std::unexpected(lease_lost(job_id, worker));
    return finish->run();
}

Result<std::vector<HeldJob>> Store::held_jobs() {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT id, worker FROM jobs WHERE state = 'running' ORDER BY id"));
    std::vector<HeldJob> held;
    MEDIC_RETURN_IF_ERROR(list->each_row(
        [&](const Statement& row) { held.push_back({row.integer(0), row.text(1)}); }));
    return held;
}

Result<void> Store::release_job(std::int64_t job_id, std::string_view worker) {
    std::lock_guard lock(m_state->mutex);
    // A job whose worker died during each of its attempts is given up, not taken again: it may
    // be what kills the server.
    MEDIC_TRY(release, m_state->database.prepare(
                           "UPDATE jobs SET worker = NULL, lease_expires_ms = NULL, state = CASE "
                           "WHEN attempts >= ?3 THEN 'failed' ELSE 'queued' END, finished_ms = "
                           "CASE WHEN attempts >= ?3 THEN ?4 END, outcome = CASE WHEN attempts "
                           ">= ?3 THEN 'given up: its worker stopped during each of ' || "
                           "attempts || ' attempts' ELSE outcome END WHERE id = ?1 AND worker = "
                           "?2 AND state = 'running'"));
    MEDIC_RETURN_IF_ERROR(release->bind(1, job_id)
                              .bind(2, worker)
                              .bind(3, m_state->policy.max_attempts)
                              .bind(4, m_state->now_ms())
                              .run());
    return announce_job(m_state->database);
}

Result<std::vector<DeliveryRecord>> Store::recent_deliveries(int limit) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list,
              m_state->database.prepare(std::string(k_record_columns) +
                                        "ORDER BY d.received_ms DESC, d.rowid DESC LIMIT ?1"));
    list->bind(1, limit);
    std::vector<DeliveryRecord> records;
    MEDIC_RETURN_IF_ERROR(
        list->each_row([&](const Statement& row) { records.push_back(record_of(row)); }));
    return records;
}

Result<std::vector<JobRecord>> Store::recent_jobs(int limit, std::optional<JobState> state) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(list, m_state->database.prepare(
                        "SELECT j.id, j.delivery_id, d.event, d.action, d.repository, j.state, "
                        "j.attempts, coalesce(j.worker, ''), j.enqueued_ms, j.lease_expires_ms, "
                        "j.finished_ms, j.outcome FROM jobs j JOIN deliveries d ON d.id = "
                        "j.delivery_id WHERE ?2 = '' OR j.state = ?2 ORDER BY j.id DESC LIMIT ?1"));
    list->bind(1, limit).bind(2, state ? to_string(*state) : "");
    std::vector<JobRecord> jobs;
    auto const optional_time = [](const Statement& row, int column) {
        return row.is_null(column) ? std::nullopt : std::optional(time_at(row.integer(column)));
    };
    MEDIC_RETURN_IF_ERROR(list->each_row([&](const Statement& row) {
        jobs.push_back({row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4),
                        parse_job_state(row.text(5)).value_or(JobState::failed),
                        static_cast<int>(row.integer(6)), row.text(7), time_at(row.integer(8)),
                        optional_time(row, 9), optional_time(row, 10), row.text(11)});
    }));
    return jobs;
}

Result<std::optional<DeliveryRecord>> Store::delivery(std::string_view id) {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(read, m_state->database.prepare(std::string(k_record_columns) + "WHERE d.id = ?1"));
    read->bind(1, id);
    MEDIC_TRY(row, read->step());
    if (!*row)
        return std::nullopt;
    return record_of(*read);
}

std::uint64_t Store::interruptions() const {
    return m_state->database.interruptions(); // an atomic count: no lock needed
}

Result<QueueDepth> Store::queue_depth() {
    std::lock_guard lock(m_state->mutex);
    MEDIC_TRY(count, m_state->database.prepare(
                         "SELECT coalesce(sum(CASE WHEN state = 'queued' THEN 1 END), 0), "
                         "coalesce(sum(CASE WHEN state = 'running' THEN 1 END), 0), "
                         "min(CASE WHEN state = 'queued' THEN enqueued_ms END) FROM jobs"));
    MEDIC_TRY(row, count->step());
    QueueDepth depth{count->integer(0), count->integer(1), std::nullopt};
    if (!count->is_null(2))
        depth.oldest_queued_age = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::milliseconds(m_state->now_ms() - count->integer(2)));
    return depth;
}

} // namespace medic::store
