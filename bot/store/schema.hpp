#pragma once
// Internal to medic_store: the schema as numbered migrations, applied in order at open.

#include "bot/store/sql_database.hpp"

namespace medic::store {

/// Applies the migrations the database lacks, all in one transaction; refuses a database
/// whose version is newer than this Medic knows (a newer Medic migrated it).
Result<void> migrate(Database& database);

} // namespace medic::store
