#include "bot/store/schema.hpp"

#include "bot/store/store.hpp"

#include <array>
#include <iterator>
#include <regex>
#include <string>
#include <string_view>

namespace medic::store {
namespace {

// Never edit a migration that shipped: add the next one. Each runs once, and PRAGMA user_version
// (on PostgreSQL: the table medic_schema) holds the number of those applied. They are written for
// SQLite; postgresql_ddl gives PostgreSQL's spelling.
constexpr std::array<std::string_view, 9> k_migrations = {
    R"sql(
CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    event           TEXT NOT NULL,
    action          TEXT NOT NULL,
    installation_id INTEGER NOT NULL,
    repository      TEXT NOT NULL,
    received_ms     INTEGER NOT NULL,
    duplicates      INTEGER NOT NULL DEFAULT 0,
    payload         BLOB NOT NULL
);
CREATE INDEX deliveries_by_time ON deliveries (received_ms);
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY,
    delivery_id      TEXT NOT NULL UNIQUE REFERENCES deliveries (id),
    state            TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    worker           TEXT,
    lease_expires_ms INTEGER,
    enqueued_ms      INTEGER NOT NULL,
    finished_ms      INTEGER,
    outcome          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX jobs_by_state ON jobs (state, id);
CREATE TABLE installations (
    id         INTEGER PRIMARY KEY,
    account    TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'deleted')),
    updated_ms INTEGER NOT NULL
);
CREATE TABLE installation_repositories (
    installation_id INTEGER NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
    repository      TEXT NOT NULL,
    PRIMARY KEY (installation_id, repository)
);
CREATE TABLE pull_request_outcomes (
    repository   TEXT NOT NULL,
    number       INTEGER NOT NULL,
    branch       TEXT NOT NULL,
    merged       INTEGER NOT NULL,
    merge_commit TEXT NOT NULL,
    closed_ms    INTEGER NOT NULL,
    PRIMARY KEY (repository, number)
);
)sql",
    // 2: the pull requests Medic published, with what the merge policy needs to decide on them
    // when their checks complete, and whether a push to the base made them conflict.
    R"sql(
CREATE TABLE published_fixes (
    repository   TEXT NOT NULL,
    number       INTEGER NOT NULL,
    branch       TEXT NOT NULL,
    head_sha     TEXT NOT NULL,
    anomaly      TEXT NOT NULL,
    strategy     TEXT NOT NULL,
    validated    INTEGER NOT NULL,
    diff_lines   INTEGER NOT NULL,
    recorded_ms  INTEGER NOT NULL,
    conflict     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (repository, number)
);
CREATE INDEX published_fixes_by_head ON published_fixes (repository, head_sha);
)sql",
    // 3: what proved each published fix (the run's reason: tests, speedup, p-value), for the
    // status page.
    R"sql(
ALTER TABLE published_fixes ADD COLUMN proof TEXT NOT NULL DEFAULT '';
)sql",
    // 4: the review loop — the report each fix came from (for a retry or a revision), who took
    // a pull request over, and the failed attempts per anomaly with their escalation issue.
    R"sql(
ALTER TABLE published_fixes ADD COLUMN report TEXT NOT NULL DEFAULT '';
ALTER TABLE published_fixes ADD COLUMN handed_over TEXT NOT NULL DEFAULT '';
CREATE TABLE fix_attempts (
    repository  TEXT NOT NULL,
    anomaly     TEXT NOT NULL,
    failures    INTEGER NOT NULL DEFAULT 0,
    reasons     TEXT NOT NULL DEFAULT '[]',
    issue       INTEGER NOT NULL DEFAULT 0,
    updated_ms  INTEGER NOT NULL,
    PRIMARY KEY (repository, anomaly)
);
)sql",
    // 5: the changes reviewers rejected (a pull request closed unmerged), never proposed again
    // for their anomaly.
    R"sql(
CREATE TABLE rejected_changes (
    repository   TEXT NOT NULL,
    anomaly      TEXT NOT NULL,
    change       TEXT NOT NULL,
    pull_request INTEGER NOT NULL,
    why          TEXT NOT NULL,
    rejected_ms  INTEGER NOT NULL,
    PRIMARY KEY (repository, anomaly, change)
);
)sql",
    // 6: every attempt at a fix and its fates over time, for learning which strategies work.
    R"sql(
CREATE TABLE attempt_records (
    id            INTEGER PRIMARY KEY,
    repository    TEXT NOT NULL,
    anomaly       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    handler       TEXT NOT NULL,
    strategy      TEXT NOT NULL,
    change        TEXT NOT NULL,
    status        TEXT NOT NULL,
    speedup_milli INTEGER NOT NULL,
    pull_request  INTEGER NOT NULL,
    recorded_ms   INTEGER NOT NULL
);
CREATE INDEX attempt_records_by_pull ON attempt_records (repository, pull_request);
CREATE TABLE attempt_fates (
    attempt INTEGER NOT NULL REFERENCES attempt_records (id),
    fate    TEXT NOT NULL,
    at_ms   INTEGER NOT NULL,
    PRIMARY KEY (attempt, fate)
);
)sql",
    // 7: the check after a merge — the anomaly as it was before the fix, and what production
    // said after it (effective, no effect, worse), with the production speedup and the pull
    // request that reverts a worse one.
    R"sql(
CREATE TABLE production_checks (
    repository    TEXT NOT NULL,
    pull_request  INTEGER NOT NULL,
    anomaly       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    handler       TEXT NOT NULL,
    merge_commit  TEXT NOT NULL,
    merged_ms     INTEGER NOT NULL,
    before        TEXT NOT NULL,
    verdict       TEXT NOT NULL DEFAULT '',
    speedup_milli INTEGER NOT NULL DEFAULT 0,
    p_value       REAL NOT NULL DEFAULT 1,
    reason        TEXT NOT NULL DEFAULT '',
    judged_ms     INTEGER NOT NULL DEFAULT 0,
    revert        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (repository, pull_request)
);
ALTER TABLE attempt_records ADD COLUMN production_speedup_milli INTEGER NOT NULL DEFAULT 0;
)sql",
    // 8: which process works on a repository, under a lease (PostgreSQL; SQLite's processes,
    // all on one machine, lock files instead).
    R"sql(
CREATE TABLE repository_holds (
    repository TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
);
)sql",
    // 9: how a delivery's payload is kept: 'identity' (as it arrived, every row before this
    // migration) or 'lz4' (payload_codec.hpp).
    R"sql(
ALTER TABLE deliveries ADD COLUMN payload_encoding TEXT NOT NULL DEFAULT 'identity';
)sql",
};

/// PostgreSQL's spelling of a migration written for SQLite (the migrations above shipped in that
/// form and never change): 64-bit integers, bytes, double precision, an identity for the
/// `INTEGER PRIMARY KEY` SQLite numbers itself, and a `rowid` in every table, which SQLite gives
/// each table by itself and queries may order by (insertion order).
std::string postgresql_ddl(std::string_view sqlite_sql) {
    static const std::regex k_types[] = {std::regex(R"(\bINTEGER PRIMARY KEY\b)"),
                                         std::regex(R"(\bINTEGER\b)"), std::regex(R"(\bBLOB\b)"),
                                         std::regex(R"(\bREAL\b)")};
    static const char* const k_spellings[] = {"BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                                              "BIGINT", "BYTEA", "DOUBLE PRECISION"};
    std::string sql(sqlite_sql);
    for (std::size_t i = 0; i < std::size(k_types); ++i)
        sql = std::regex_replace(sql, k_types[i], k_spellings[i]);
    // Each CREATE TABLE's column list ends at the parenthesis that closes its first one.
    for (auto at = sql.find("CREATE TABLE"); at != std::string::npos;
         at = sql.find("CREATE TABLE", at + 1)) {
        int depth = 0;
        for (auto i = sql.find('(', at); i < sql.size(); ++i) {
            depth += sql[i] == '(' ? 1 : sql[i] == ')' ? -1 : 0;
            if (depth == 0) {
                sql.insert(i, ",\n    rowid BIGINT GENERATED ALWAYS AS IDENTITY\n");
                break;
            }
        }
    }
    return sql;
}

Result<int> current_version(Database& database) {
    if (database.dialect() == Dialect::postgresql) {
        MEDIC_RETURN_IF_ERROR(database.execute(
            "CREATE TABLE IF NOT EXISTS medic_schema (version INTEGER NOT NULL); INSERT INTO "
            "medic_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM medic_schema)"));
    }
    MEDIC_TRY(statement, database.prepare(database.dialect() == Dialect::sqlite
                                              ? "PRAGMA user_version"
                                              : "SELECT version FROM medic_schema"));
    MEDIC_TRY(row, statement->step());
    return *row ? static_cast<int>(statement->integer(0)) : 0;
}

Result<void> apply_migration(Database& database, int number) {
    auto const sql = k_migrations[static_cast<std::size_t>(number - 1)];
    if (database.dialect() == Dialect::sqlite) {
        MEDIC_RETURN_IF_ERROR(database.execute(sql));
        return database.execute("PRAGMA user_version = " + std::to_string(number));
    }
    MEDIC_RETURN_IF_ERROR(database.execute(postgresql_ddl(sql)));
    return database.execute("UPDATE medic_schema SET version = " + std::to_string(number));
}

} // namespace

int schema_version() {
    return static_cast<int>(k_migrations.size());
}

Result<void> migrate(Database& database) {
    // One process migrates at a time (an exclusive transaction), the others find it done.
    MEDIC_TRY(transaction, Transaction::begin(database));
    MEDIC_TRY(version, current_version(database));
    if (*version > schema_version())
        return fail(ErrorCode::invalid_input,
                    "the state database has schema version " + std::to_string(*version) +
                        ", newer than this Medic's " + std::to_string(schema_version()) +
                        ": a newer Medic migrated it; run that version, or start this one on "
                        "another database");
    for (int next = *version + 1; next <= schema_version(); ++next)
        MEDIC_RETURN_IF_ERROR(apply_migration(database, next));
    return transaction->commit();
}

} // namespace medic::store
