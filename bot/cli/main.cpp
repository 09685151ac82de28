// The `medic` executable: builds the command line and hands over to a command.

#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

namespace {

/// The whole command line, from libcurl's start-up to the output's last flush.
int run_medic(int argc, char** argv) {
    CLI::App app{"Medic turns production telemetry into reviewed, validated pull requests for C++ "
                 "code.",
                 "medic"};
    app.set_version_flag("--version", "medic 0.1.0");
    app.require_subcommand(1);
    app.footer("Run 'medic <command> --help' for a command's options and examples.");
    medic::http::CurlGlobal const curl; // before any thread, for the whole run (libcurl's rule)
    int exit_code = medic::cli::k_exit_ok;
    medic::cli::add_detect_command(app, exit_code);
    medic::cli::add_locate_command(app, exit_code);
    medic::cli::add_analyze_command(app, exit_code);
    medic::cli::add_fix_command(app, exit_code, curl);
    medic::cli::add_validate_command(app, exit_code);
    medic::cli::add_run_command(app, exit_code, curl);
    medic::cli::add_doctor_command(app, exit_code, curl);
    medic::cli::add_init_command(app, exit_code);
    medic::cli::add_serve_command(app, exit_code, curl);
    medic::cli::add_outcomes_command(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        app.exit(error);
        return medic::cli::k_exit_usage;
    }
    // --json output redirected to a file on a full disk must not end in exit 0.
    if (!std::cout.flush()) {
        std::cerr << "medic: could not write the output (is the disk full?)\n";
        return medic::cli::k_exit_usage;
    }
    return exit_code;
}

} // namespace

int main(int argc, char** argv) {
    // Start-up included (libcurl's global set-up, building the commands): nothing ends in
    // std::terminate.
    try {
        return run_medic(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "medic: internal error: " << error.what() << " (please report this)\n";
        return medic::cli::k_exit_usage;
    }
}
