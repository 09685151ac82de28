#pragma once
// GitHttpServer: a real git smart-HTTP server for push tests. lighttpd runs git's own
// git-http-backend as a CGI on 127.0.0.1 behind basic auth with GitHub's token convention (user
// x-access-token, the token as password), optionally over HTTPS with a CA made for the test, and
// optionally with a pre-receive hook that refuses every push. Everything lives in a TempDir.

#include "tests/support/temp_dir.hpp"

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace medic::test {

/// How the server authenticates, encrypts and judges pushes.
struct GitHttpServerOptions {
    std::string token = "s3cret-token"; ///< The one password accepted for user x-access-token.
    bool https = false; ///< Serve TLS with a certificate for `localhost` signed by a fresh CA.
    /// Non-empty: every repository gets a pre-receive hook that prints this and refuses the push.
    std::string reject_message;
};

/// A child process stopped (SIGTERM) and reaped when this goes out of scope.
class ChildProcess {
public:
    ChildProcess() = default;
    explicit ChildProcess(pid_t pid) : m_pid(pid) {}
    ~ChildProcess() { stop(); }
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    /// True while the child has not exited (reaps it when it has).
    [[nodiscard]] bool running();
    /// Sends SIGTERM and waits for the child to exit.
    void stop();

private:
    pid_t m_pid = -1;
};

/// lighttpd + git-http-backend serving bare repositories; throws std::runtime_error (with
/// lighttpd's error log) when it cannot start.
class GitHttpServer {
public:
    /// Starts lighttpd on a free port (another one if that was taken meanwhile).
    explicit GitHttpServer(GitHttpServerOptions options = {});

    /// http://127.0.0.1:PORT/<name>.git, or https://localhost:PORT/<name>.git with TLS.
    [[nodiscard]] std::string url(const std::string& repo_name) const;
    /// Creates the bare repository <name>.git under the served root (pushes allowed).
    std::filesystem::path create_repository(const std::string& name);
    /// The PEM file of the CA that signed the server's certificate (https only; else empty).
    [[nodiscard]] std::string ca_file() const;
    /// The TCP port the server listens on (127.0.0.1).
    [[nodiscard]] int port() const { return m_port; }

private:
    void write_certificates() const;
    void write_config(int port) const;
    bool try_start(int port);
    [[nodiscard]] std::string logs() const;

    GitHttpServerOptions m_options;
    TempDir m_dir;
    int m_port = 0;
    ChildProcess m_lighttpd;
};

} // namespace medic::test
