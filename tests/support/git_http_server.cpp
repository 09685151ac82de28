#include "tests/support/git_http_server.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

extern char** environ;

namespace medic::test {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_lighttpd = "/usr/sbin/lighttpd";
constexpr const char* k_http_backend = "/usr/lib/git-core/git-http-backend";
constexpr const char* k_module_dir = "/usr/lib/lighttpd";
constexpr int k_start_attempts = 5;
constexpr auto k_start_timeout = std::chrono::seconds(10);

/// Runs a tool to completion with its output in `log`; throws with that output when it fails.
void run_tool(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<char*> argv;
    for (auto const& arg : args)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none); // callers may block SIGTERM for themselves
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    int status = 0;
    if (spawned != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        throw std::runtime_error(args[0] + " failed: " + read_file(log));
}

/// A port that was free a moment ago (the kernel's pick for 127.0.0.1:0).
int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    const bool bound = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
                       getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
    if (fd >= 0)
        close(fd);
    if (!bound)
        throw std::runtime_error("cannot find a free port on 127.0.0.1");
    return ntohs(address.sin_port);
}

/// True when something accepts TCP connections on 127.0.0.1:port.
bool accepts_connections(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool connected =
        fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (fd >= 0)
        close(fd);
    return connected;
}

/// Starts lighttpd in the foreground; it dies with us even if we crash (PR_SET_PDEATHSIG).
ChildProcess spawn_lighttpd(const fs::path& config, const fs::path& log) {
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) { // only async-signal-safe calls until exec
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        const int in = open("/dev/null", O_RDONLY);
        const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
            dup2(out, STDERR_FILENO) < 0)
            _exit(126);
        execl(k_lighttpd, "lighttpd", "-D", "-f", config.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    return ChildProcess(pid);
}

/// `text` as a lighttpd configuration string literal.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

} // namespace

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : m_pid(std::exchange(other.m_pid, -1)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        stop();
        m_pid = std::exchange(other.m_pid, -1);
    }
    return *this;
}

bool ChildProcess::running() {
    if (m_pid <= 0)
        return false;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == 0)
        return true;
    m_pid = -1;
    return false;
}

/// lighttpd can miss a SIGTERM that lands just before it waits for events (it then sleeps out its
/// 1 s tick), so the signal is repeated until it exits; SIGKILL if it never does.
void ChildProcess::stop() {
    if (m_pid <= 0)
        return;
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (int round = 0; running(); ++round) {
        if (round % 2 == 0)
            kill(m_pid, std::chrono::steady_clock::now() < deadline ? SIGTERM : SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

GitHttpServer::GitHttpServer(GitHttpServerOptions options) : m_options(std::move(options)) {
    fs::create_directories(m_dir.path() / "repos");
    fs::create_directories(m_dir.path() / "uploads");
    std::ofstream(m_dir.path() / "users") << "x-access-token:" << m_options.token << "\n";
    if (m_options.https)
        write_certificates();
    for (int attempt = 0; attempt < k_start_attempts; ++attempt)
        if (try_start(free_port()))
            return;
    throw std::runtime_error("lighttpd did not start after " + std::to_string(k_start_attempts) +
                             " ports: " + logs());
}

std::string GitHttpServer::url(const std::string& repo_name) const {
    auto const host =
        m_options.https ? std::string("https://localhost:") : std::string("http://127.0.0.1:");
    return host + std::to_string(m_port) + "/" + repo_name + ".git";
}

fs::path GitHttpServer::create_repository(const std::string& name) {
    auto const path = m_dir.path() / "repos" / (name + ".git");
    run_tool({"git", "init", "--quiet", "--bare", path.string()}, m_dir.path() / "git.log");
    if (!m_options.reject_message.empty()) {
        auto const message = m_dir.path() / "reject-message.txt";
        std::ofstream(message) << m_options.reject_message << "\n";
        auto const hook = path / "hooks" / "pre-receive";
        std::ofstream(hook) << "#!/bin/sh\ncat " << quoted(message.string()) << " >&2\nexit 1\n";
        fs::permissions(hook, fs::perms::owner_all, fs::perm_options::add);
    }
    return path;
}

std::string GitHttpServer::ca_file() const {
    return m_options.https ? (m_dir.path() / "ca.pem").string() : std::string();
}

/// A CA and a certificate for `localhost` it signed (P-256 keys: generated in milliseconds).
void GitHttpServer::write_certificates() const {
    auto const dir = m_dir.path();
    auto const log = dir / "openssl.log";
    auto const key = [](const fs::path& out) {
        return std::vector<std::string>{
            "-newkey", "ec",      "-pkeyopt",  "ec_paramgen_curve:prime256v1",
            "-nodes",  "-keyout", out.string()};
    };
    std::vector<std::string> ca{"openssl",
                                "req",
                                "-x509",
                                "-days",
                                "2",
                                "-subj",
                                "/CN=Medic test CA",
                                "-addext",
                                "basicConstraints=critical,CA:TRUE",
                                "-addext",
                                "keyUsage=critical,keyCertSign,cRLSign",
                                "-out",
                                (dir / "ca.pem").string()};
    auto const ca_key = key(dir / "ca.key");
    ca.insert(ca.end(), ca_key.begin(), ca_key.end());
    run_tool(ca, log);
    std::vector<std::string> request{"openssl",       "req",  "-subj",
                                     "/CN=localhost", "-out", (dir / "server.csr").string()};
    auto const server_key = key(dir / "server.key");
    request.insert(request.end(), server_key.begin(), server_key.end());
    run_tool(request, log);
    std::ofstream(dir / "server.ext") << "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                         "keyUsage=critical,digitalSignature\n"
                                         "extendedKeyUsage=serverAuth\n";
    run_tool({"openssl", "x509", "-req", "-days", "2", "-in", (dir / "server.csr").string(), "-CA",
              (dir / "ca.pem").string(), "-CAkey", (dir / "ca.key").string(), "-CAcreateserial",
              "-extfile", (dir / "server.ext").string(), "-out", (dir / "server.pem").string()},
             log);
}

/// lighttpd.conf: every URL goes to git-http-backend (PATH_INFO = /<name>.git/...), behind
/// basic auth (REMOTE_USER is what lets git-http-backend accept pushes).
void GitHttpServer::write_config(int port) const {
    auto const dir = m_dir.path();
    std::ofstream config(dir / "lighttpd.conf");
    config << "server.modules = (\"mod_alias\", \"mod_setenv\", \"mod_auth\", \"mod_authn_file\", "
              "\"mod_cgi\""
           << (m_options.https ? ", \"mod_openssl\")\n" : ")\n")
           << "server.module-directory = " << quoted(k_module_dir) << "\n"
           << "server.document-root = " << quoted((dir / "repos").string()) << "\n"
           << "server.upload-dirs = (" << quoted((dir / "uploads").string()) << ")\n"
           << "server.errorlog = " << quoted((dir / "error.log").string()) << "\n"
           << "server.bind = \"127.0.0.1\"\nserver.port = " << port
           << "\n"
           // lighttpd answers a wrong password after a pause (against guessing): tests need none.
           << "server.feature-flags = (\"auth.delay-invalid-creds\" => \"disable\")\n"
           << "alias.url = (\"/\" => " << quoted(std::string(k_http_backend) + "/") << ")\n"
           << "cgi.assign = (\"\" => \"\")\n"
           << "setenv.add-environment = (\"GIT_PROJECT_ROOT\" => "
           << quoted((dir / "repos").string()) << ", \"GIT_HTTP_EXPORT_ALL\" => \"1\")\n"
           << "auth.backend = \"plain\"\n"
           << "auth.backend.plain.userfile = " << quoted((dir / "users").string()) << "\n"
           << "auth.require = (\"/\" => (\"method\" => \"basic\", \"realm\" => \"git\", "
              "\"require\" => \"valid-user\"))\n";
    if (m_options.https)
        config << "ssl.engine = \"enable\"\n"
               << "ssl.pemfile = " << quoted((dir / "server.pem").string()) << "\n"
               << "ssl.privkey = " << quoted((dir / "server.key").string()) << "\n";
}

/// Starts lighttpd on `port`; false when it could not bind it (someone took the port).
bool GitHttpServer::try_start(int port) {
    auto const dir = m_dir.path();
    write_config(port);
    fs::remove(dir / "error.log");
    m_lighttpd = spawn_lighttpd(dir / "lighttpd.conf", dir / "lighttpd.out");
    auto const deadline = std::chrono::steady_clock::now() + k_start_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!m_lighttpd.running()) {
            if (logs().find("Address already in use") != std::string::npos)
                return false;
            throw std::runtime_error("lighttpd exited at start: " + logs());
        }
        // "server started" is logged once the socket is bound: the connection is then ours.
        if (read_file(dir / "error.log").find("server started") != std::string::npos &&
            accepts_connections(port)) {
            m_port = port;
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    m_lighttpd.stop();
    throw std::runtime_error("lighttpd did not accept connections within 10 s: " + logs());
}

std::string GitHttpServer::logs() const {
    return read_file(m_dir.path() / "lighttpd.out") + read_file(m_dir.path() / "error.log");
}

} // namespace medic::test
