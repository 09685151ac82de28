// medic_git_http_server: GitHttpServer as a process, for shell tests that push with `medic`.
// Usage: medic_git_http_server --root-repo NAME --token T [--https] [--reject MSG]
//                              --url-file F [--repo-path-file P]
// Starts the server, creates the bare repository NAME.git, writes its URL to F (and the bare
// repository's path to P; with --https, the CA certificate's path to F.ca), prints "ready", then
// serves until SIGTERM or SIGINT. F is written last and atomically: once it exists, push.

#include "tests/support/git_http_server.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Arguments {
    std::string repo;
    std::string url_file;
    std::string repo_path_file;
    medic::test::GitHttpServerOptions options;
};

Arguments parse(int argc, char** argv) {
    Arguments arguments;
    std::map<std::string, std::string*> valued{{"--root-repo", &arguments.repo},
                                               {"--token", &arguments.options.token},
                                               {"--reject", &arguments.options.reject_message},
                                               {"--url-file", &arguments.url_file},
                                               {"--repo-path-file", &arguments.repo_path_file}};
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--https")
            arguments.options.https = true;
        else if (valued.contains(flag) && i + 1 < argc)
            *valued[flag] = argv[++i];
        else
            throw std::invalid_argument("unknown or incomplete argument " + flag);
    }
    if (arguments.repo.empty() || arguments.url_file.empty())
        throw std::invalid_argument("--root-repo and --url-file are required");
    return arguments;
}

/// Writes `text` so that readers never see a partial file.
void write_atomically(const fs::path& path, const std::string& text) {
    auto const partial = path.string() + ".partial";
    std::ofstream(partial) << text << "\n";
    fs::rename(partial, path);
}

/// Blocks SIGTERM and SIGINT so that `sigwait` can take them (children get them unblocked).
sigset_t termination_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    if (sigprocmask(SIG_BLOCK, &signals, nullptr) != 0)
        throw std::runtime_error("cannot block SIGTERM");
    return signals;
}

} // namespace

int main(int argc, char** argv) {
    try {
        auto const arguments = parse(argc, argv);
        auto const signals = termination_signals();
        medic::test::GitHttpServer server(arguments.options);
        auto const repo = server.create_repository(arguments.repo);
        if (!arguments.repo_path_file.empty())
            write_atomically(arguments.repo_path_file, repo.string());
        if (arguments.options.https)
            write_atomically(arguments.url_file + ".ca", server.ca_file());
        write_atomically(arguments.url_file, server.url(arguments.repo));
        std::cout << "ready " << server.url(arguments.repo) << std::endl;
        int received = 0;
        sigwait(&signals, &received);
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "medic_git_http_server: " << error.what() << "\n";
        return 1;
    }
}
