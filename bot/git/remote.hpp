#pragma once
// Talking to git remotes (libgit2): push a branch, fetch one, list a remote's branches — over
// smart HTTP(S) with GitHub's token convention, or to local paths. Every failure names what to
// fix: a refused token, missing credentials, an untrusted certificate, a ref the remote's hooks
// declined (with what the hook printed), or the transport's own error.

#include "bot/model/result.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace medic::git {

/// How to authenticate to a remote and whom to trust.
struct PushOptions {
    std::string token; ///< Sent as the password over HTTP(S); empty: no credentials.
    /// PEM bundle of the CAs trusted for HTTPS; empty: libgit2's default (the system store).
    /// libgit2 keeps this setting process-wide while it stays initialised, so concurrent remote
    /// calls in one process must agree on it.
    std::string ca_file;
    std::string user = "x-access-token"; ///< The user name GitHub expects with a token.
    /// For a push: the commit the remote's branch must still be at for the push to go ahead
    /// (git's --force-with-lease), so a branch someone else moved is never overwritten; empty
    /// string: the branch must not exist. None: no lease (the push forces).
    std::optional<std::string> lease;
};

/// What the remote said along the way, for diagnostics and tests.
struct RemoteReport {
    int credential_requests = 0; ///< How often the server asked for credentials.
    std::string remote_messages; ///< The remote's "remote: ..." output (hooks, hints).
};

/// Pushes `branch` to `remote` (a URL, a path to a bare repository, or a remote's name), forcing
/// it: Medic owns its branches. A ref the remote refuses is a conflict quoting the remote; so is
/// a branch that is no longer where `options.lease` says (nothing is pushed then).
Result<void> push_branch(const std::filesystem::path& repo, const std::string& remote,
                         const std::string& branch, const PushOptions& options = {},
                         RemoteReport* report = nullptr);

/// Fetches refs/heads/<branch> from `remote` into refs/remotes/medic/<branch>; returns its id.
Result<std::string> fetch_branch(const std::filesystem::path& repo, const std::string& remote,
                                 const std::string& branch, const PushOptions& options = {},
                                 RemoteReport* report = nullptr);

/// The remote's branches (name without refs/heads/ -> commit id). Connects as a push does, so
/// success also means the credentials may push (what `medic doctor` checks).
Result<std::map<std::string, std::string>> list_remote_branches(const std::filesystem::path& repo,
                                                                const std::string& remote,
                                                                const PushOptions& options = {},
                                                                RemoteReport* report = nullptr);

/// Makes `dir` a checkout of `branch` as `url` has it now: a repository created when missing,
/// the branch fetched (with `options`' token), and its commit checked out detached with every
/// local change removed. Returns the commit id. The caller serialises use of `dir`.
Result<std::string> checkout_remote_branch(const std::filesystem::path& dir, const std::string& url,
                                           const std::string& branch,
                                           const PushOptions& options = {});

} // namespace medic::git
