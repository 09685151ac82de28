#pragma once
// What a merged pull request is told once production judged it (production_watch.hpp): one
// comment with the verdict, the numbers and what to do about it; for `worse`, the revert pull
// request Medic opens (production_revert.cpp).

#include "bot/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace medic::serve {

/// What Medic did about a `worse` verdict: the revert pull request it opened, or why it could
/// not (the revert does not apply, build or pass the tests).
struct RevertPull {
    std::int64_t number = 0; ///< 0 when none was opened.
    std::string refusal;     ///< Why not, when none was opened.
};

/// The comment: what production said, with the numbers and the production speedup; for `worse`,
/// the revert pull request Medic opened, or the revert to make by hand.
std::string production_comment(const store::ProductionCheck& check,
                               const std::optional<RevertPull>& revert);

/// The marker of that comment (one per pull request, edited rather than repeated).
std::string production_marker(std::int64_t pull_request);

} // namespace medic::serve
