#pragma once
// What a worker does with one job: the delivery's event, read from its payload. Each handler is
// idempotent (a job taken again after a crash does the same thing twice and changes nothing the
// second time) and returns one line saying what it did, which the store keeps as the outcome.

#include "bot/model/result.hpp"
#include "bot/store/store.hpp"

#include <string>

namespace medic::serve {

/// Processes `job`; an error means the job failed (the message is kept as its outcome).
Result<std::string> process_job(const store::Job& job, store::Store& store);

} // namespace medic::serve
