#include "bot/git/handles.hpp"

namespace medic::git {
namespace {

/// libgit2 counts init/shutdown pairs: one pair for the process, shut down at exit.
class Libgit2Lifetime {
public:
    Libgit2Lifetime() : m_started(git_libgit2_init() > 0) {}
    ~Libgit2Lifetime() {
        if (m_started)
            git_libgit2_shutdown();
    }
    Libgit2Lifetime(const Libgit2Lifetime&) = delete;
    Libgit2Lifetime& operator=(const Libgit2Lifetime&) = delete;
    [[nodiscard]] bool started() const { return m_started; }

private:
    bool m_started;
};

} // namespace

Result<void> start_libgit2() {
    static const Libgit2Lifetime lifetime; // thread-safe, once
    if (!lifetime.started())
        return fail(ErrorCode::unavailable, "libgit2 could not start (out of memory, or its TLS "
                                            "library failed to initialise)");
    return {};
}

std::string git_error_text() {
    const git_error* error = git_error_last();
    if (error == nullptr || error->message == nullptr)
        return "libgit2 gave no reason";
    return error->message;
}

std::unexpected<Error> git_failure(ErrorCode code, std::string_view what) {
    return fail(code, std::string(what) + ": " + git_error_text());
}

Result<GitRepository> open_repository(const std::filesystem::path& path, std::string_view purpose) {
    GitRepository repository;
    if (git_repository_open_ext(repository.out(), path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                nullptr) != 0)
        return git_failure(ErrorCode::not_found,
                           path.string() + " is not a git repository" + std::string(purpose));
    return repository;
}

std::string hex(const git_oid& id) {
    char text[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(text, sizeof text, &id);
    return text;
}

Result<GitCommit> lookup_commit(git_repository* repository, const std::string& id) {
    git_oid oid{};
    GitCommit commit;
    if (git_oid_fromstr(&oid, id.c_str()) != 0 ||
        git_commit_lookup(commit.out(), repository, &oid) != 0)
        return git_failure(ErrorCode::not_found, "commit " + id + " is not in the repository");
    return commit;
}

} // namespace medic::git
