// medic_llm_test_server: LlmTestServer as a process, for CLI tests that point `medic` at a model
// endpoint. Usage: medic_llm_test_server ANSWERS.json REQUEST_DIR [EXPECTED_KEY]
//
// ANSWERS.json is an array answered in order; each entry is either
//   {"status": 429, "headers": {"Retry-After": "1"}, "body": "..."}  (sent as given), or
//   {"draft": {"root_cause": ..., "confidence": ..., "diff": ...}, "protocol": "openai"}
// (a successful answer carrying that object; protocol "openai" (default) or "anthropic").
// Prints the port on stdout's first line; runs until SIGTERM/SIGINT or until stdin closes, then
// writes every request body it received to REQUEST_DIR/request-<n>.json and any protocol
// violation to REQUEST_DIR/violations.txt, and exits 0 (1 when there were violations).

#include "tests/support/llm_test_server.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/signalfd.h>
#include <unistd.h>

namespace {

using medic::test::ScriptedReply;
using nlohmann::json;
namespace fs = std::filesystem;

ScriptedReply reply_of(const json& entry) {
    if (entry.contains("draft")) {
        const std::string protocol = entry.value("protocol", "openai");
        if (protocol == "anthropic")
            return {200, {}, medic::test::anthropic_answer(entry.at("draft"), 1000, 200), {}};
        return {200, {}, medic::test::openai_answer(entry.at("draft").dump(), 1000, 200), {}};
    }
    ScriptedReply reply{entry.value("status", 200), {}, entry.value("body", ""), {}};
    for (const auto& [name, value] : entry.value("headers", json::object()).items())
        reply.headers.emplace_back(name, value.get<std::string>());
    return reply;
}

std::vector<ScriptedReply> read_answers(const fs::path& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    const json answers = json::parse(in);
    if (!answers.is_array())
        throw std::runtime_error(path.string() + " must hold a JSON array of answers");
    std::vector<ScriptedReply> replies;
    for (const auto& entry : answers)
        replies.push_back(reply_of(entry));
    return replies;
}

/// Blocks SIGTERM and SIGINT (in every thread started later) and returns a descriptor that
/// becomes readable when one arrives.
int termination_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    if (pthread_sigmask(SIG_BLOCK, &signals, nullptr) != 0)
        throw std::runtime_error("cannot block SIGTERM");
    const int fd = signalfd(-1, &signals, SFD_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("signalfd failed");
    return fd;
}

/// Returns when a termination signal arrives or stdin reaches its end (or fails).
void wait_for_the_end(int signal_fd) {
    std::array<pollfd, 2> watched{pollfd{STDIN_FILENO, POLLIN, 0}, pollfd{signal_fd, POLLIN, 0}};
    std::array<char, 4096> discard{};
    for (;;) {
        if (poll(watched.data(), watched.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (watched[1].revents != 0)
            return;
        if (watched[0].revents != 0 && read(STDIN_FILENO, discard.data(), discard.size()) <= 0)
            return;
    }
}

std::string port_of(const std::string& base_url) {
    const auto colon = base_url.rfind(':');
    return base_url.substr(colon + 1, base_url.find('/', colon) - colon - 1);
}

bool write_record(const medic::test::LlmTestServer& server, const fs::path& dir) {
    fs::create_directories(dir);
    const auto requests = server.requests();
    for (std::size_t i = 0; i < requests.size(); ++i)
        std::ofstream(dir / ("request-" + std::to_string(i + 1) + ".json")) << requests[i].body;
    const auto violations = server.violations();
    std::ofstream out(dir / "violations.txt");
    for (const auto& violation : violations)
        out << violation << "\n";
    return violations.empty();
}

} // namespace

int main(int argc, char** argv) try {
    if (argc < 3 || argc > 4) {
        std::cerr << "usage: medic_llm_test_server ANSWERS.json REQUEST_DIR [EXPECTED_KEY]\n";
        return 2;
    }
    const auto replies = read_answers(argv[1]);
    const int signal_fd = termination_signals(); // before the server's thread exists
    medic::test::LlmTestServer server(argc == 4 ? argv[3] : "");
    for (const auto& reply : replies)
        server.enqueue(reply);
    std::cout << port_of(server.base_url()) << std::endl;
    wait_for_the_end(signal_fd);
    close(signal_fd);
    return write_record(server, argv[2]) ? 0 : 1;
} catch (const std::exception& error) {
    std::cerr << "medic_llm_test_server: " << error.what() << "\n";
    return 2;
}
