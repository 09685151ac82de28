#pragma once
// What a merged pull request is told once production judged it (production_watch.hpp): one
// comment with the verdict, the numbers and what to do about it.

#include "bot/store/store.hpp"

#include <cstdint>
#include <string>

namespace medic::serve {

/// The comment: what production said, with the numbers and the production speedup; for `worse`,
/// the revert to make.
std::string production_comment(const store::ProductionCheck& check);

/// The marker of that comment (one per pull request, edited rather than repeated).
std::string production_marker(std::int64_t pull_request);

} // namespace medic::serve
