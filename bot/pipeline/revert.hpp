#pragma once
// Taking back a merged fix production found worse: `git revert` of its merge (or squash)
// commit on today's default branch, built and tested like any fix (no benchmark: the
// repository's tests prove a revert; production already measured the change), then committed
// on its own branch and pushed. The front door opens the pull request.

#include "bot/git/remote.hpp"
#include "bot/model/config.hpp"
#include "bot/model/process.hpp"
#include "bot/model/result.hpp"
#include "bot/model/verdict.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace medic::pipeline {

struct RevertRequest {
    std::filesystem::path repo; ///< A checkout holding both commits; never written.
    std::string base_commit;    ///< Today's default branch head: where the revert applies.
    std::string reverted;       ///< The merge or squash commit to undo (full id).
    std::string anomaly_id;     ///< The anomaly the reverted fix was for (names its work folder).
    AnomalyKind kind = AnomalyKind::slow;
    std::string handler;
    std::string branch;             ///< e.g. medic/revert-12
    std::string message;            ///< The commit message.
    MedicConfig config;             ///< validate: and publish: (author).
    std::filesystem::path work_dir; ///< Validation worktree and build, as a run's.
    std::string remote;             ///< Where the branch is pushed (a URL or a path).
    git::PushOptions push;          ///< Credentials; no lease (the branch is Medic's).
};

struct RevertOutcome {
    Verdict verdict;    ///< Why the revert was not pushed when it is not validated.
    std::string diff;   ///< The revert's diff.
    std::string commit; ///< The pushed branch's commit; empty when not validated.
};

/// Builds, tests, commits and pushes the revert (a revert that does not apply, build or pass
/// the tests comes back not validated, and nothing is pushed). An Error only when it could not
/// be tried (the commit missing, the worktree unavailable, the push refused).
Result<RevertOutcome> prove_and_push_revert(const RevertRequest& request, ProcessRunner& runner);

} // namespace medic::pipeline
