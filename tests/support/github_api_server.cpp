#include "tests/support/github_api_server.hpp"

#include "github/jwt.hpp"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <httplib.h>
#include <stdexcept>
#include <string_view>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace medic::test {

namespace fs = std::filesystem;

namespace {

constexpr auto k_start_timeout = std::chrono::seconds(60);
constexpr auto k_install_timeout = std::chrono::minutes(10); // ~400 MB of npm packages
constexpr auto k_stop_timeout = std::chrono::seconds(5);
constexpr std::string_view k_installing = "installing the npm packages";

fs::path script_path(std::string_view name) {
    return source_root() / "tests" / "support" / "github_api" / name;
}

/// The port the server wrote (atomically) to `file`, or 0 while there is none.
int read_port(const fs::path& file) {
    std::ifstream in(file);
    int port = 0;
    return in >> port ? port : 0;
}

} // namespace

/// A server script run as a child in its own process group (so npm's children stop with it),
/// dying with the test process if that crashes (PR_SET_PDEATHSIG).
class ServerProcess {
public:
    ServerProcess(const fs::path& script, const std::vector<std::string>& args, const fs::path& dir)
        : m_log(dir / "server.log"), m_port_file(dir / "server.port") {
        std::vector<std::string> all{script.string(), "--port-file", m_port_file.string()};
        all.insert(all.end(), args.begin(), args.end());
        spawn(all);
        wait_for_port(script);
    }

    ~ServerProcess() { stop(); }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] std::string log() const { return read_file(m_log); }

private:
    void spawn(const std::vector<std::string>& args) {
        std::vector<char*> argv;
        for (auto const& arg : args)
            argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        m_pid = ::fork();
        if (m_pid < 0)
            throw std::runtime_error("fork failed");
        if (m_pid == 0) { // only async-signal-safe calls until exec
            ::setpgid(0, 0);
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            sigset_t none;
            sigemptyset(&none);
            sigprocmask(SIG_SETMASK, &none, nullptr);
            const int in = ::open("/dev/null", O_RDONLY);
            const int out = ::open(m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (in < 0 || out < 0 || ::dup2(in, STDIN_FILENO) < 0 ||
                ::dup2(out, STDOUT_FILENO) < 0 || ::dup2(out, STDERR_FILENO) < 0)
                ::_exit(126);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::setpgid(m_pid, m_pid); // also from here: no race with the child's own call
    }

    /// Polls for the port file; the deadline grows while install.sh reports an install.
    void wait_for_port(const fs::path& script) {
        auto const started = std::chrono::steady_clock::now();
        while ((m_port = read_port(m_port_file)) == 0) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                throw std::runtime_error(script.filename().string() +
                                         " exited before listening:\n" + log());
            }
            auto const waited = std::chrono::steady_clock::now() - started;
            auto const limit =
                log().find(k_installing) != std::string::npos ? k_install_timeout : k_start_timeout;
            if (waited > limit) {
                stop();
                throw std::runtime_error(script.filename().string() + " did not listen within " +
                                         std::to_string(limit.count()) + " s:\n" + log());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    /// SIGTERM to the group (the server exits cleanly on it), SIGKILL after 5 s; always reaped.
    void stop() {
        if (m_pid <= 0)
            return;
        ::kill(-m_pid, SIGTERM);
        auto const deadline = std::chrono::steady_clock::now() + k_stop_timeout;
        int status = 0;
        while (::waitpid(m_pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(-m_pid, SIGKILL);
                ::waitpid(m_pid, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        m_pid = -1;
    }

    fs::path m_log;
    fs::path m_port_file;
    pid_t m_pid = -1;
    int m_port = 0;
};

GitHubApiServer::GitHubApiServer(const nlohmann::json& config) {
    auto const config_file = m_dir.write("config.json", config.dump());
    m_process = std::make_unique<ServerProcess>(
        script_path("run_server.sh"),
        std::vector<std::string>{"--config", config_file, "--state-file", state_file().string()},
        m_dir.path());
}

GitHubApiServer::~GitHubApiServer() = default;

std::string GitHubApiServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(m_process->port());
}

fs::path GitHubApiServer::state_file() const {
    return m_dir.path() / "state.json";
}

std::string GitHubApiServer::server_log() const {
    return m_process->log();
}

nlohmann::json GitHubApiServer::admin(const std::string& method, const std::string& path,
                                      const nlohmann::json* body) const {
    httplib::Client client("127.0.0.1", m_process->port());
    client.set_read_timeout(std::chrono::seconds(30));
    auto const result =
        method == "GET" ? client.Get(path) : client.Post(path, body->dump(), "application/json");
    if (!result)
        throw std::runtime_error(method + " " + path +
                                 " failed: " + httplib::to_string(result.error()));
    if (result->status != 200)
        throw std::runtime_error(method + " " + path + " answered " +
                                 std::to_string(result->status) + ": " + result->body);
    return nlohmann::json::parse(result->body);
}

nlohmann::json GitHubApiServer::state() const {
    return admin("GET", "/__admin/state", nullptr);
}

nlohmann::json GitHubApiServer::violations() const {
    return admin("GET", "/__admin/violations", nullptr);
}

void GitHubApiServer::set_ci(const std::string& conclusion) {
    nlohmann::json const body{{"conclusion", conclusion}};
    admin("POST", "/__admin/ci", &body);
}

void GitHubApiServer::add_fault(const nlohmann::json& fault) {
    admin("POST", "/__admin/faults", &fault);
}

void GitHubApiServer::log_hook_deliveries(const nlohmann::json& attempts) {
    admin("POST", "/__admin/hook_deliveries", &attempts);
}

void GitHubApiServer::add_artifact(std::int64_t id, const std::string& zip, bool expired) {
    // Node's base64 decoder takes the URL-safe alphabet too.
    nlohmann::json const artifact{{"id", id},
                                  {"name", "medic-report"},
                                  {"zip_base64", github::base64url_encode(zip)},
                                  {"expired", expired}};
    admin("POST", "/__admin/artifacts", &artifact);
}

FixturesServer::FixturesServer()
    : m_process(std::make_unique<ServerProcess>(script_path("run_fixtures_server.sh"),
                                                std::vector<std::string>{}, m_dir.path())) {}

FixturesServer::~FixturesServer() = default;

std::string FixturesServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(m_process->port());
}

std::string FixturesServer::load_scenario(const std::string& scenario) const {
    httplib::Client client("127.0.0.1", m_process->port());
    auto const result =
        client.Post("/fixtures", nlohmann::json{{"scenario", scenario}}.dump(), "application/json");
    if (!result || result->status != 201)
        throw std::runtime_error("loading fixture scenario \"" + scenario + "\" failed: " +
                                 (result ? result->body : httplib::to_string(result.error())));
    return nlohmann::json::parse(result->body).at("url").get<std::string>();
}

} // namespace medic::test
