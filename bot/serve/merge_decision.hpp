#pragma once
// Internal to medic_serve_app: the merge decision on one of Medic's published pull requests as
// GitHub has it now (merge_decision.cpp), shared by the check_suite event and the re-read.

#include "bot/serve/repository_access.hpp"
#include "bot/store/store.hpp"
#include "github/pull_requests.hpp"

#include <string>

namespace medic::serve {

/// "acme/shop#3".
std::string pull_name(const store::PublishedFix& fix);

/// Merges `pull` (open, as just read from GitHub) when the repository's publish.auto_merge
/// allows `fix` and its required checks are green; the outcome line says what happened or why
/// not.
Result<std::string> decide_on_pull(const RepositoryAccess& access, const store::PublishedFix& fix,
                                   const github::PullRequest& pull);

} // namespace medic::serve
