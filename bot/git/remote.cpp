#include "bot/git/remote.hpp"

#include "bot/git/branches.hpp"
#include "bot/git/handles.hpp"
#include "bot/git/worktree.hpp"
#include "bot/model/result.hpp"

#include <optional>
#include <string_view>
#include <type_traits>

namespace medic::git {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_heads = "refs/heads/";

/// `url` with any password it carries (https://user:secret@host/...) masked, for messages.
std::string without_password(const std::string& url) {
    auto const authority = url.find("://");
    if (authority == std::string::npos)
        return url;
    auto const at = url.find('@', authority + 3);
    auto const colon = url.find(':', authority + 3);
    if (at == std::string::npos || colon > at || url.find('/', authority + 3) < at)
        return url;
    return url.substr(0, colon) + ":***" + url.substr(at);
}

/// A repository and an anonymous remote in it (the remote is freed first).
struct OpenRemote {
    GitRepository repository;
    GitRemote remote;
};

/// One conversation with a remote: trusts the configured CA, answers the server's credential
/// requests with the token (once), and records what the callbacks learn so that a failure can
/// say what to fix.
class RemoteSession {
public:
    RemoteSession(std::string url, const PushOptions& options)
        : m_url(std::move(url)), m_shown_url(without_password(m_url)), m_options(options) {}

    /// Opens `repo` and an anonymous remote for the URL, trusting the configured CA.
    Result<OpenRemote> open(const fs::path& repo) const;
    /// Callbacks that report to this session (which must outlive their use).
    git_remote_callbacks callbacks();
    /// The error for a libgit2 call that returned `code` while `doing` something to the URL.
    [[nodiscard]] Error failure(int code, std::string_view doing) const;
    /// The remote's refusal of a pushed ref, quoting what the remote printed.
    [[nodiscard]] std::optional<Error> rejection() const;
    /// The error for a push the lease stopped, when it did.
    [[nodiscard]] std::optional<Error> broken_lease(const std::string& branch) const;
    /// Copies what was learnt into `report` (when given).
    void write(RemoteReport* report) const;
    /// The URL as messages show it (no password).
    [[nodiscard]] const std::string& url() const { return m_shown_url; }

private:
    enum class Refusal { none, token_refused, no_token, unsupported };

    static int on_credentials(git_credential** out, const char* url, const char* user_from_url,
                              unsigned int allowed_types, void* payload);
    static int on_sideband(const char* text, int length, void* payload);
    static int on_push_update(const char* ref, const char* status, void* payload);
    static int on_push_negotiation(const git_push_update** updates, size_t count, void* payload);
    [[nodiscard]] Result<void> trust_ca() const;
    [[nodiscard]] Error certificate_failure(const std::string& reason) const;
    [[nodiscard]] std::string remote_says() const;

    std::string m_url;
    std::string m_shown_url;
    const PushOptions& m_options;
    int m_credential_requests = 0;
    Refusal m_refusal = Refusal::none;
    std::string m_messages;
    std::string m_rejected;
    std::optional<std::string> m_lease_broken; ///< Where the remote's branch really was.
};

Result<OpenRemote> RemoteSession::open(const fs::path& repo) const {
    MEDIC_RETURN_IF_ERROR(trust_ca());
    MEDIC_TRY(repository, open_repository(repo));
    OpenRemote opened{std::move(*repository), {}};
    if (git_remote_create_anonymous(opened.remote.out(), opened.repository.get(), m_url.c_str()) !=
        0)
        return git_failure(ErrorCode::invalid_input,
                           "cannot use " + m_shown_url + " as a git remote");
    return opened;
}

/// Sets the CA bundle libgit2 verifies HTTPS servers against. The setting is process-wide (it
/// lives in libgit2's TLS configuration until libgit2 shuts down); see PushOptions::ca_file.
Result<void> RemoteSession::trust_ca() const {
    if (m_options.ca_file.empty())
        return {};
    if (!fs::is_regular_file(m_options.ca_file))
        return fail(ErrorCode::invalid_input, "the CA file " + m_options.ca_file +
                                                  " does not exist: give the path of a PEM bundle");
    if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, m_options.ca_file.c_str(), nullptr) != 0)
        return git_failure(ErrorCode::invalid_input, "cannot load CA certificates from " +
                                                         m_options.ca_file +
                                                         " (a PEM bundle is expected)");
    return {};
}

git_remote_callbacks RemoteSession::callbacks() {
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    callbacks.credentials = on_credentials;
    callbacks.sideband_progress = on_sideband;
    callbacks.push_update_reference = on_push_update;
    callbacks.push_negotiation = on_push_negotiation;
    callbacks.payload = this;
    return callbacks;
}

/// Answers with the token once: libgit2 asks again (up to 15 times) when the server refuses it.
int RemoteSession::on_credentials(git_credential** out, const char* /*url*/,
                                  const char* /*user_from_url*/, unsigned int allowed_types,
                                  void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    ++session.m_credential_requests;
    if ((allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) == 0)
        session.m_refusal = Refusal::unsupported;
    else if (session.m_options.token.empty())
        session.m_refusal = Refusal::no_token;
    else if (session.m_credential_requests > 1)
        session.m_refusal = Refusal::token_refused;
    else
        return git_credential_userpass_plaintext_new(out, session.m_options.user.c_str(),
                                                     session.m_options.token.c_str());
    return GIT_EUSER;
}

/// Keeps the remote's messages ("remote: ..." lines: hook output, hints).
int RemoteSession::on_sideband(const char* text, int length, void* payload) {
    static_cast<RemoteSession*>(payload)->m_messages.append(text, static_cast<std::size_t>(length));
    return 0;
}

/// A ref the remote refused arrives only here, with the remote's reason.
int RemoteSession::on_push_update(const char* ref, const char* status, void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    if (status != nullptr)
        session.m_rejected +=
            (session.m_rejected.empty() ? "" : ", ") + std::string(ref) + ": " + status;
    return 0;
}

/// The lease, checked against what the remote advertised before anything is sent: a branch that
/// moved stops the push.
int RemoteSession::on_push_negotiation(const git_push_update** updates, size_t count,
                                       void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    if (!session.m_options.lease)
        return 0;
    for (std::size_t i = 0; i < count; ++i) {
        auto const at = git_oid_is_zero(&updates[i]->src) ? std::string() : hex(updates[i]->src);
        if (at != *session.m_options.lease) {
            session.m_lease_broken = at;
            return GIT_EUSER;
        }
    }
    return 0;
}

std::optional<Error> RemoteSession::broken_lease(const std::string& branch) const {
    if (!m_lease_broken)
        return std::nullopt;
    auto const where = [](const std::string& commit) {
        return commit.empty() ? std::string("absent") : "at " + commit.substr(0, 12);
    };
    return Error{ErrorCode::conflict,
                 branch + " on " + m_shown_url + " is " + where(*m_lease_broken) + ", not " +
                     where(*m_options.lease) +
                     " as expected: someone else pushed to it, and it was not overwritten"};
}

/// The remote's messages as one line: each line trimmed, empty ones dropped, joined by "; ".
std::string RemoteSession::remote_says() const {
    std::string joined;
    std::size_t start = 0;
    while (start < m_messages.size()) {
        auto end = m_messages.find_first_of("\r\n", start);
        if (end == std::string::npos)
            end = m_messages.size();
        auto line = std::string_view(m_messages).substr(start, end - start);
        line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
        line = line.substr(0, line.find_last_not_of(" \t") + 1);
        if (!line.empty())
            joined += (joined.empty() ? "" : "; ") + std::string(line);
        start = end + 1;
    }
    return joined;
}

std::optional<Error> RemoteSession::rejection() const {
    if (m_rejected.empty())
        return std::nullopt;
    auto const says = remote_says();
    return Error{ErrorCode::conflict, "the remote " + m_shown_url + " refused " + m_rejected +
                                          (says.empty() ? "" : "; remote says: " + says)};
}

Error RemoteSession::certificate_failure(const std::string& reason) const {
    if (m_options.ca_file.empty())
        return {ErrorCode::invalid_input,
                m_shown_url +
                    ": the server's TLS certificate is not trusted by the system CA store (" +
                    reason +
                    "): if the server uses a private CA, give its PEM certificate as the CA file; "
                    "also check that the URL's host name is one the certificate names"};
    return {ErrorCode::invalid_input,
            m_shown_url + ": the server's TLS certificate does not verify against the CA file " +
                m_options.ca_file + " (" + reason +
                "): check that this file holds the CA that signed the server's certificate and "
                "that the URL's host name is one the certificate names"};
}

Error RemoteSession::failure(int code, std::string_view doing) const {
    auto const reason = git_error_text(); // before anything else can overwrite it
    auto const& user = m_options.user;
    switch (m_refusal) {
    case Refusal::token_refused:
        return {ErrorCode::invalid_input,
                m_shown_url + " refused the token (tried as user " + user +
                    "): check that it is valid, not expired, and may push to the repository "
                    "(GitHub: contents: write)"};
    case Refusal::no_token:
        return {ErrorCode::invalid_input,
                m_shown_url +
                    " needs credentials and no token was given: configure a token (sent as "
                    "user " +
                    user + "; GitHub: an installation token or PAT with contents: write)"};
    case Refusal::unsupported:
        return {ErrorCode::invalid_input,
                m_shown_url + " asks for credentials other than a user name and password: use the "
                              "repository's https:// URL with a token"};
    case Refusal::none:
        break;
    }
    const git_error* last = git_error_last();
    if (code == GIT_ECERTIFICATE || (last != nullptr && last->klass == GIT_ERROR_SSL))
        return certificate_failure(reason);
    auto const failed = std::string(doing) + " " + m_shown_url + " failed: " + reason;
    // Hosts answer 404 for repositories the credentials may not see, 403 for ones they may not
    // write to (GitHub does both).
    if (reason.ends_with("status code: 404"))
        return {ErrorCode::not_found, failed + ": check the URL, and that the token may read the "
                                               "repository"};
    if (reason.ends_with("status code: 403"))
        return {ErrorCode::invalid_input,
                failed + ": the server refuses this user access: check that the token may push "
                         "to the repository (GitHub: contents: write)"};
    return {ErrorCode::unavailable, failed};
}

void RemoteSession::write(RemoteReport* report) const {
    if (report != nullptr)
        *report = RemoteReport{m_credential_requests, m_messages};
}

/// Runs `body(session, opened)` against the remote `remote` names, then fills `report`.
template <typename Body>
std::invoke_result_t<Body, RemoteSession&, OpenRemote&>
with_remote(const fs::path& repo, const std::string& remote, const PushOptions& options,
            RemoteReport* report, Body body) {
    using Out = std::invoke_result_t<Body, RemoteSession&, OpenRemote&>;
    MEDIC_RETURN_IF_ERROR(start_libgit2());
    RemoteSession session(remote_url(repo, remote).value_or(remote), options);
    auto result = [&]() -> Out {
        MEDIC_TRY(opened, session.open(repo));
        return body(session, *opened);
    }();
    session.write(report);
    return result;
}

/// Connects in `direction` and returns the advertised branches (name -> id).
Result<std::map<std::string, std::string>>
connect_and_list(RemoteSession& session, git_remote* remote, git_direction direction) {
    auto callbacks = session.callbacks();
    if (int code = git_remote_connect(remote, direction, &callbacks, nullptr, nullptr); code != 0)
        return std::unexpected(session.failure(code, "connecting to"));
    const git_remote_head** heads = nullptr;
    std::size_t count = 0;
    if (int code = git_remote_ls(&heads, &count, remote); code != 0)
        return std::unexpected(session.failure(code, "listing the refs of"));
    std::map<std::string, std::string> branches;
    for (std::size_t i = 0; i < count; ++i) {
        std::string_view name = heads[i]->name;
        if (name.starts_with(k_heads))
            branches.emplace(name.substr(k_heads.size()), hex(heads[i]->oid));
    }
    return branches;
}

Result<void> push_to(RemoteSession& session, git_remote* remote, const std::string& branch) {
    auto refspec = "+refs/heads/" + branch + ":refs/heads/" + branch;
    char* specs[] = {refspec.data()};
    git_strarray refspecs{specs, 1};
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.callbacks = session.callbacks();
    if (int code = git_remote_push(remote, &refspecs, &options); code != 0) {
        if (auto moved = session.broken_lease(branch))
            return std::unexpected(*moved);
        return std::unexpected(session.failure(code, "pushing " + branch + " to"));
    }
    if (auto refused = session.rejection())
        return std::unexpected(*refused);
    return {};
}

Result<std::string> fetch_from(RemoteSession& session, OpenRemote& opened,
                               const std::string& branch) {
    MEDIC_TRY(branches, connect_and_list(session, opened.remote.get(), GIT_DIRECTION_FETCH));
    auto found = branches->find(branch);
    if (found == branches->end())
        return fail(ErrorCode::not_found, session.url() + " has no branch " + branch);
    auto const tracking = "refs/remotes/medic/" + branch;
    auto refspec = "+refs/heads/" + branch + ":" + tracking;
    char* specs[] = {refspec.data()};
    git_strarray refspecs{specs, 1};
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.callbacks = session.callbacks();
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    if (int code = git_remote_download(opened.remote.get(), &refspecs, &options); code != 0)
        return std::unexpected(session.failure(code, "fetching " + branch + " from"));
    git_oid id;
    GitReference reference;
    if (git_oid_fromstr(&id, found->second.c_str()) != 0 ||
        git_reference_create(reference.out(), opened.repository.get(), tracking.c_str(), &id,
                             /*force=*/1, "medic: fetch") != 0)
        return git_failure(ErrorCode::internal, "updating " + tracking);
    return found->second;
}

} // namespace

Result<void> push_branch(const fs::path& repo, const std::string& remote, const std::string& branch,
                         const PushOptions& options, RemoteReport* report) {
    return with_remote(repo, remote, options, report,
                       [&](RemoteSession& session, OpenRemote& opened) {
                           return push_to(session, opened.remote.get(), branch);
                       });
}

Result<std::string> fetch_branch(const fs::path& repo, const std::string& remote,
                                 const std::string& branch, const PushOptions& options,
                                 RemoteReport* report) {
    return with_remote(repo, remote, options, report,
                       [&](RemoteSession& session, OpenRemote& opened) {
                           return fetch_from(session, opened, branch);
                       });
}

Result<std::map<std::string, std::string>> list_remote_branches(const fs::path& repo,
                                                                const std::string& remote,
                                                                const PushOptions& options,
                                                                RemoteReport* report) {
    return with_remote(
        repo, remote, options, report, [](RemoteSession& session, OpenRemote& opened) {
            return connect_and_list(session, opened.remote.get(), GIT_DIRECTION_PUSH);
        });
}

Result<std::string> checkout_remote_branch(const fs::path& dir, const std::string& url,
                                           const std::string& branch, const PushOptions& options) {
    std::error_code error;
    fs::create_directories(dir, error);
    MEDIC_RETURN_IF_ERROR(ensure_repository(dir));
    MEDIC_TRY(commit, fetch_branch(dir, url, branch, options));
    return checkout_detached(dir, *commit);
}

} // namespace medic::git
