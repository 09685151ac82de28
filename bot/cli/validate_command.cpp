#include "bot/cli/commands.hpp"
#include "bot/cli/exit_codes.hpp"
#include "bot/config/repo_config.hpp"
#include "bot/git/worktree.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"
#include "bot/pipeline/draft_files.hpp"
#include "bot/pipeline/fix_pipeline.hpp"
#include "bot/pipeline/run_setup.hpp"
#include "bot/process/posix_process_runner.hpp"
#include "bot/validate/worktree.hpp"
#include "bot/views/results_view.hpp"
#include "bot/views/terminal.hpp"

#include <iostream>

namespace medic::cli {
namespace {

namespace fs = std::filesystem;

struct ValidateOptions {
    std::string repo = ".";
    std::string patch;
    std::string anomalies;
    std::string config_path;
    std::string out = "medic-validate";
    std::string work_dir;
    std::string templates;
    bool json = false;
    bool no_color = false;
};

int run_validate(const ValidateOptions& options) {
    views::Terminal terminal(stdout, stderr, !options.no_color);
    auto config = resolve_config(options.config_path, options.repo);
    auto draft = config ? pipeline::read_draft_file(options.patch, options.anomalies)
                        : std::unexpected(config.error());
    auto base = draft ? git::resolve_commit(options.repo, "HEAD") : std::unexpected(draft.error());
    if (!base)
        return stop_with("validate", base.error().message);
    auto redact = pipeline::outbound_redaction(*config);
    if (!redact)
        return stop_with("validate", redact.error().message);
    process::PosixProcessRunner runner;
    pipeline::FixContext context{
        options.repo,
        *base,
        *config,
        pipeline::template_dirs_for(options.templates, options.repo),
        pipeline::work_dir_for(options.work_dir, options.repo),
        options.out,
        runner,
        PublishMode::none,
        "",
        nullptr,
        [&terminal](std::string_view status) { terminal.progress(status); },
        std::move(*redact)};
    auto const result = pipeline::prove_and_publish(draft->first, draft->second, context);
    terminal.end_progress();
    if (result.status == FixStatus::failed)
        return stop_with("validate", result.reason);
    if (options.json && result.verdict)
        std::cout << to_json_text(*result.verdict, 2) << "\n";
    else
        std::cout << views::results_table({pipeline::record_of(result)}, terminal)
                  << "\nVerdict: " << options.out << "/" << result.anomaly.id
                  << "/verdict.json; PR body: " << result.pr_body_path << "\n";
    return result.status == FixStatus::validated ? k_exit_ok : k_exit_findings;
}

} // namespace

void add_validate_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ValidateOptions>();
    auto* command = app.add_subcommand(
        "validate", "Prove one drafted fix: build, tests, generated tests, before/after benchmark");
    command->add_option("--repo", options->repo, "The repository (a git checkout; never written)")
        ->capture_default_str();
    command
        ->add_option("--patch", options->patch,
                     "A draft from medic fix (<id>.json, or <id>.diff with --anomalies)")
        ->required();
    command->add_option("--anomalies", options->anomalies,
                        "The anomaly report the draft was made from (needed for a bare .diff)");
    command->add_option("-c,--config", options->config_path,
                        "Configuration file (default: <repo>/.github/medic.yml when present)");
    command->add_option("-o,--out", options->out, "Folder for <id>/verdict.json and the PR body")
        ->capture_default_str();
    command->add_option(
        "--work-dir", options->work_dir,
        "Validation worktree and warm build (default: ~/.cache/medic/validate/...)");
    command->add_option("--templates", options->templates, "Medic's templates folder");
    command->add_flag("--json", options->json, "Print the verdict JSON");
    command->add_flag("--no-color", options->no_color, "Never colour the output");
    command->footer(R"(Examples:
  medic validate --repo services/shop --patch medic-drafts/69ecf7a193c7dde9.json
  medic validate --repo . --patch my-fix.diff --anomalies report.json --json

The fix and its generated tests are built in a git worktree at HEAD; the checkout is untouched.
Exit codes: 0 validated, 1 not validated (the reason is printed and in verdict.json), 2 usage or
setup error.)");
    command->callback([options, &exit_code] { exit_code = run_validate(*options); });
}

} // namespace medic::cli
